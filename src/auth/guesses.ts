// Guesses at a secret (an account's password or TOTP code, a share link's password), counted on
// throttle keys from before the check's first await until it settles: answers to guesses sent
// all at once are bounded by the free attempts, not by how many arrive together.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { hmac } from './secret.ts';
import type { AuthContext } from './principal.ts';
import { ACCOUNT_RULE, ACCOUNT_TOTAL_RULE, IP_RULE, Throttle } from './throttle.ts';

export interface LoginContext extends AuthContext {
  resolveIp(request: FastifyRequest): string;
  /** Per client address, over every target. */
  byIp: Throttle;
  /** Per (target, client address): strict, and the only key a success resets. */
  byAccount: Throttle;
  /** Per target, over every address: the ceiling for guessing spread over many addresses. */
  byAccountTotal: Throttle;
}

export interface CountedKey {
  throttle: Throttle;
  key: string;
  /** Whether a right guess forgets this key's failures. */
  resetOnSuccess: boolean;
}

export function createThrottles(): Pick<LoginContext, 'byIp' | 'byAccount' | 'byAccountTotal'> {
  return { byIp: new Throttle(IP_RULE), byAccount: new Throttle(ACCOUNT_RULE), byAccountTotal: new Throttle(ACCOUNT_TOTAL_RULE) };
}

/** The throttle key of the client's address: an HMAC, so even memory holds no raw IP. */
export function ipKey(ctx: LoginContext, request: FastifyRequest): string {
  return hmac(ctx.secret, `ip:${ctx.resolveIp(request)}`);
}

/**
 * The keys of a guess at `target` ('account:<email>', 'share:<token>') from this client. Failures
 * from one address back off that address alone, so nobody locks the owner out from elsewhere;
 * a success forgets only its own (target, address) failures, so a spraying address that also
 * knows one password does not clear its record.
 */
export function guessKeys(ctx: LoginContext, request: FastifyRequest, target: string): CountedKey[] {
  const ip = ipKey(ctx, request);
  return [
    { throttle: ctx.byIp, key: ip, resetOnSuccess: false },
    { throttle: ctx.byAccount, key: `${target}|${ip}`, resetOnSuccess: true },
    { throttle: ctx.byAccountTotal, key: target, resetOnSuccess: false },
  ];
}

/** Refuses with 429 + Retry-After while any of `keys` is backing off. */
export function checkThrottle(ctx: LoginContext, reply: FastifyReply, keys: ReadonlyArray<Pick<CountedKey, 'throttle' | 'key'>>): void {
  const now = ctx.clock.now();
  const waitMs = Math.max(...keys.map(({ throttle, key }) => throttle.waitMs(key, now)));
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    reply.header('Retry-After', String(seconds));
    throw new ApiError('rate_limited', `Too many failed attempts; try again in ${seconds} s.`);
  }
}

/** One guess in flight: it counts as a failure on every key until it is settled once. */
export class Attempt {
  private open = true;

  constructor(private readonly keys: readonly CountedKey[], private readonly clock: { now(): number }) {
    for (const { throttle, key } of keys) throttle.begin(key, clock.now());
  }

  failed(): void {
    this.settle(() => 'failed');
  }

  passed(): void {
    this.settle((k) => (k.resetOnSuccess ? 'passed' : 'released'));
  }

  /** Neither right nor wrong (bad input, a code still missing, an error): it stops counting. */
  released(): void {
    this.settle(() => 'released');
  }

  private settle(outcome: (k: CountedKey) => 'failed' | 'passed' | 'released'): void {
    if (!this.open) return;
    this.open = false;
    for (const k of this.keys) k.throttle.end(k.key, this.clock.now(), outcome(k));
  }
}

/**
 * Checks the throttle and counts the guess in the same tick (no await between them), then runs
 * `check`, which settles it; whatever `check` leaves unsettled (it threw) is released.
 */
export async function countGuess<T>(ctx: LoginContext, reply: FastifyReply, keys: readonly CountedKey[], check: (attempt: Attempt) => Promise<T>): Promise<T> {
  checkThrottle(ctx, reply, keys);
  const attempt = new Attempt(keys, ctx.clock);
  try {
    return await check(attempt);
  } finally {
    attempt.released();
  }
}
