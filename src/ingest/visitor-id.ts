// visitor_id = HMAC-SHA256(daily salt, site, IP, UA) truncated to 64 bits: not reversible once the salt is gone.
import { createHmac } from 'node:crypto';

export function visitorId(salt: Buffer, site: string, ip: string, userAgent: string): bigint {
  // NUL separators keep ("a","bc") and ("ab","c") apart.
  const digest = createHmac('sha256', salt).update(`${site}\u0000${ip}\u0000${userAgent}`).digest();
  return digest.readBigUInt64BE(0);
}
