/** `X-WEBHOOK-SIGN: v1=<hex HMAC-SHA256 of the raw body, keyed with the environment's access secret>`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(body: string | Uint8Array, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of a signature header against the raw body. */
export function verifySignature(body: string | Uint8Array, header: string, secret: string): boolean {
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
