/** Keeps secrets out of log lines and messages: known secrets and anything shaped like an environment secret. */

const SECRET_SHAPE = /\b(sandbox|dev|prod)-[A-Za-z0-9_-]{8,}/g;
const SECRET_HEADER = /(x-access-secret["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

/** The base64 characters that only the secret's bytes decide, when it starts `offset` bytes into the encoded data. */
function base64Inside(bytes: Buffer, offset: number, url: boolean): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(url ? 'base64url' : 'base64');
  return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
}

/**
 * A secret as a server might echo it: as it is, reversed, base64 and base64url at every alignment (inside a larger
 * encoded value, such as Basic auth's `id:secret`), URL-encoded (either case, and every byte as %xx), JSON's \u
 * escapes (either case), and hex (either case). Longest first, so a longer form is removed before a shorter one
 * inside it.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const pct = (upper: boolean) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')[upper ? 'toUpperCase' : 'toLowerCase']();
  const uri = encodeURIComponent(secret);
  // UTF-16 code units, as JSON escapes them (a character outside the BMP is two).
  const json = Array.from({ length: secret.length }, (_, i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const forms = [
    secret,
    [...secret].reverse().join(''),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    ...[0, 1, 2].flatMap((k) => [base64Inside(bytes, k, false), base64Inside(bytes, k, true)]),
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    pct(true),
    pct(false),
    json,
    json.toUpperCase().replace(/\\U/g, '\\u'),
    JSON.stringify(secret).slice(1, -1),
    hex,
    hex.toUpperCase(),
  ];
  return [...new Set(forms)].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** Remove every form of every secret from `text`. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  return secretScrubber(secrets)(text);
}

function removeForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}

/**
 * `scrubSecrets` for fixed secrets, their forms computed once: for a caller that scrubs many texts with the same
 * secrets (Listen scrubs every receiver answer it reports).
 */
export function secretScrubber(secrets: Iterable<string>): (text: string) => string {
  const forms = [...secrets].map(secretForms);
  return (text) => forms.reduce(removeForms, text);
}

/**
 * A run of more than 32 characters of the base64, base64url or hex alphabets: what an encoding of a secret (25
 * bytes or more) looks like. Removed from what a server says (an error's excerpt), whose secret forms cannot all
 * be known; a 32-hex id and a UUID are shorter or shaped otherwise, and stay.
 */
const SECRET_SHAPED_RUN = /[A-Za-z0-9+/=_-]{33,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A server's text for a message: its known secrets removed, then every secret-shaped run, then cut to `max`. */
export function serverExcerpt(text: string, secrets: Iterable<string>, max = 500): string {
  const cleaned = scrubSecrets(text, secrets).replace(SECRET_SHAPED_RUN, (run) => (UUID.test(run) ? run : '[redacted]'));
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

export class Redactor {
  private readonly known = new Set<string>();
  /** The known secrets' scrubber, their forms computed once per change of the set, not for every line. */
  private scrub: ((text: string) => string) | undefined;

  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.known.has(secret)) return;
    this.known.add(secret);
    this.scrub = undefined;
  }

  remove(secret: string | undefined): void {
    if (secret && this.known.delete(secret)) this.scrub = undefined;
  }

  redact(text: string): string {
    this.scrub ??= secretScrubber(this.known);
    return this.scrub(text).replace(SECRET_HEADER, '$1[redacted]').replace(SECRET_SHAPE, '$1-[redacted]');
  }
}
