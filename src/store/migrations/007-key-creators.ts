// Who made each API key, so a key stops working when its maker is removed or loses the role
// that allowed it. A user id, 'cli' for `inkling apikey create`, or NULL: keys made before
// this migration have no known creator and keep working (listed as "unknown creator").
export const version = 7;

export const statements = [`ALTER TABLE api_keys ADD COLUMN created_by VARCHAR`];
