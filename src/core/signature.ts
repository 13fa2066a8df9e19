/**
 * `X-WEBHOOK-SIGN`: the HMAC-SHA256 of the raw body keyed with the environment's access secret, lowercase hex.
 * [T] sends the bare hex; [Truv] sends `v1=<hex>`. Both are verified. Signing follows the platform the connection
 * talks to (docs/platform.md, "Deliveries"): bare hex for Transcrypts, `v1=` only for the Truv profile, unless the
 * user's `transcrypts.signatureFormat` overrides it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_FORMATS = ['v1', 'hex'] as const;
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

export function isSignatureFormat(v: unknown): v is SignatureFormat {
  return v === 'v1' || v === 'hex';
}

/** The setting's choices: `auto` (as the platform signs) or one form forced. */
export const SIGNATURE_FORMAT_CHOICES = ['auto', 'hex', 'v1'] as const;
export type SignatureFormatChoice = (typeof SIGNATURE_FORMAT_CHOICES)[number];

/**
 * The form each platform signs with, by the name of the sandbox profile that emulates it: Transcrypts [T] compares
 * the bare hex; the model platform [Truv] sends `v1=<hex>`. The one place this fact lives.
 */
export const PLATFORM_SIGNATURE_FORMAT = { transcrypts: 'hex', truv: 'v1' } as const satisfies Record<string, SignatureFormat>;

/**
 * The form to sign with. `profile` is the platform the connection talks to: a local sandbox's profile, or
 * undefined for the Transcrypts API itself. An unknown profile signs as Transcrypts does (its documents).
 */
export function signingFormat(choice: SignatureFormatChoice, profile: string | undefined): SignatureFormat {
  if (choice !== 'auto') return choice;
  return profile === 'truv' ? PLATFORM_SIGNATURE_FORMAT.truv : PLATFORM_SIGNATURE_FORMAT.transcrypts;
}

export function hmacHex(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** The header value for `body`: the bare `<hex>` or `v1=<hex>`. */
export function signBody(body: string | Uint8Array, secret: string, format: SignatureFormat): string {
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
