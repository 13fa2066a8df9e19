/** Keeps secrets out of log lines and messages: known secrets and anything shaped like an environment secret. */

const SECRET_SHAPE = /\b(sandbox|dev|prod)-[A-Za-z0-9_-]{8,}/g;
const SECRET_HEADER = /(x-access-secret["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

/**
 * A secret as a server might echo it: as it is, base64 (padded or not), base64url, URL-encoded, and hex (either
 * case). Longest first, so a longer form is removed before a shorter one inside it.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const b64 = bytes.toString('base64');
  const hex = bytes.toString('hex');
  const forms = [secret, b64, b64.replace(/=+$/, ''), bytes.toString('base64url'), encodeURIComponent(secret), hex, hex.toUpperCase()];
  return [...new Set(forms)].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** Remove every form of every secret from `text`. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) for (const form of secretForms(s)) out = out.split(form).join('[redacted]');
  return out;
}

export class Redactor {
  private readonly known = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.known.add(secret);
  }

  remove(secret: string | undefined): void {
    if (secret) this.known.delete(secret);
  }

  redact(text: string): string {
    return scrubSecrets(text, this.known).replace(SECRET_HEADER, '$1[redacted]').replace(SECRET_SHAPE, '$1-[redacted]');
  }
}
