// API keys for the stats API: only a SHA-256 hash of each key is stored, never the key.
export const version = 3;

export const statements = [
  `CREATE TABLE api_keys (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    key_hash VARCHAR NOT NULL UNIQUE,
    key_prefix VARCHAR NOT NULL,
    rate_limit_per_minute INTEGER NOT NULL DEFAULT 600,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
  )`,
];
