// TOTP secrets at rest and in use: sealed with a key derived from the server's secret, and each
// 30 s step good for one sign-in per account, so a code read over a shoulder or from a log
// cannot be used again within its window.
import type { Db } from '../store/duckdb.ts';
import { claimTotpStep, listTotpSecrets, replaceTotpSecret, setTotpSecret, type UserSecrets } from '../store/users.ts';
import { deriveKey } from './secret.ts';
import { isSealed, seal, unseal } from './seal.ts';
import { totpStep } from './totp.ts';
import type { AuthContext } from './principal.ts';

type TotpContext = Pick<AuthContext, 'db' | 'secret' | 'clock'>;

const totpKey = (secret: Buffer): Buffer => deriveKey(secret, 'totp-secret');

/** True when `code` is current for the user's secret and its step was not used before. */
export async function useTotpCode(ctx: TotpContext, user: UserSecrets, code: unknown): Promise<boolean> {
  if (user.totpSealed === null) return false;
  const step = totpStep(openTotpSecret(ctx.secret, user.id, user.totpSealed), code, ctx.clock.now());
  return step !== null && (await claimTotpStep(ctx.db, user.id, step));
}

function openTotpSecret(secret: Buffer, userId: string, sealed: string): string {
  try {
    return unseal(totpKey(secret), sealed, userId);
  } catch {
    // An internal error for the log, not the client's fault: the data and the secret file disagree.
    throw new Error(`the TOTP secret of ${userId} does not open with this server's session.secret`);
  }
}

/** Turns TOTP on (or replaces it) with `secretBase32`, whose code of `step` proved the app has it. */
export async function enableTotp(ctx: TotpContext, userId: string, secretBase32: string, step: number): Promise<void> {
  await setTotpSecret(ctx.db, userId, seal(totpKey(ctx.secret), secretBase32, userId), step);
}

/**
 * Seals the secrets stored in plaintext by versions before sealing existed. Run at start, before
 * serving; several nodes doing it at once is fine (each row is replaced only while unchanged).
 */
export async function sealStoredTotpSecrets(db: Db, secret: Buffer): Promise<void> {
  const key = totpKey(secret);
  for (const { id, stored } of await listTotpSecrets(db)) {
    if (!isSealed(stored)) await replaceTotpSecret(db, id, stored, seal(key, stored, id));
  }
}
