// Per-site retention: events older than retention_days are deleted daily; NULL keeps them forever.
export const version = 2;

export const statements = [`ALTER TABLE sites ADD COLUMN retention_days INTEGER`];
