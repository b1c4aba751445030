// Accounts and the security model: users, server-side sessions, share links, site settings and
// API-key scopes. Times are epoch milliseconds (BIGINT) so the injected clock decides expiry
// and the SQL stays portable between DuckDB and PostgreSQL.
export const version = 4;

export const statements = [
  `CREATE TABLE users (
    id VARCHAR PRIMARY KEY,
    email VARCHAR NOT NULL UNIQUE,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    totp_secret VARCHAR,
    created_ms BIGINT NOT NULL
  )`,
  // id is an HMAC of the cookie value: a copy of the database does not hold live sessions.
  `CREATE TABLE sessions (
    id VARCHAR PRIMARY KEY,
    user_id VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
  )`,
  `CREATE TABLE shares (
    id VARCHAR PRIMARY KEY,
    site VARCHAR NOT NULL,
    token_hash VARCHAR NOT NULL UNIQUE,
    label VARCHAR NOT NULL,
    password_hash VARCHAR,
    expires_ms BIGINT,
    created_ms BIGINT NOT NULL,
    revoked_ms BIGINT
  )`,
  // Lists are newline-separated text: plain, portable, and read only through src/sites/rules.ts.
  `ALTER TABLE sites ADD COLUMN allowed_hostnames VARCHAR DEFAULT ''`,
  `ALTER TABLE sites ADD COLUMN excluded_ips VARCHAR DEFAULT ''`,
  `ALTER TABLE sites ADD COLUMN excluded_paths VARCHAR DEFAULT ''`,
  `ALTER TABLE sites ADD COLUMN is_public BOOLEAN DEFAULT false`,
  // Keys made before accounts existed read every site, as they did.
  `ALTER TABLE api_keys ADD COLUMN access VARCHAR DEFAULT 'read'`,
  `ALTER TABLE api_keys ADD COLUMN all_sites BOOLEAN DEFAULT true`,
  `CREATE TABLE api_key_sites (
    key_id VARCHAR NOT NULL,
    site VARCHAR NOT NULL,
    PRIMARY KEY (key_id, site)
  )`,
];
