/**
 * `X-WEBHOOK-SIGN`: the HMAC-SHA256 of the raw body keyed with the environment's access secret, lowercase hex.
 * [T] sends the bare hex; [Truv] sends `v1=<hex>`. Both are verified; signing uses the chosen format.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_FORMATS = ['v1', 'hex'] as const;
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

export function isSignatureFormat(v: unknown): v is SignatureFormat {
  return v === 'v1' || v === 'hex';
}

export function hmacHex(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** The header value for `body`: `v1=<hex>` (default) or the bare `<hex>`. */
export function signBody(body: string | Uint8Array, secret: string, format: SignatureFormat = 'v1'): string {
  const hex = hmacHex(body, secret);
  return format === 'v1' ? `v1=${hex}` : hex;
}

/** A header value split into its format and hex digest (any case), or undefined when it is neither form. */
export function parseSignature(header: string): { format: SignatureFormat; hex: string } | undefined {
  const m = /^\s*(v1=)?([0-9a-fA-F]{64})\s*$/.exec(header);
  if (!m) return undefined;
  return { format: m[1] ? 'v1' : 'hex', hex: (m[2] as string).toLowerCase() };
}

/** Constant-time check of a signature header (`v1=<hex>` or bare `<hex>`, any case) against the raw body. */
export function verifySignature(body: string | Uint8Array, header: string, secret: string): boolean {
  const parsed = parseSignature(header);
  if (!parsed) return false;
  const expected = Buffer.from(hmacHex(body, secret), 'hex');
  const given = Buffer.from(parsed.hex, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
