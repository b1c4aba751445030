// Two-factor codes are good once: the last TOTP step each user signed in with. (Sealing secrets
// stored in plaintext before needs the server's secret, which SQL does not have: the server
// does it at start, auth/two-factor.ts sealStoredTotpSecrets.)
export const version = 8;

export const statements = [`ALTER TABLE users ADD COLUMN totp_last_step BIGINT`];
