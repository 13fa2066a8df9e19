/** Keeps secrets out of log lines and messages: known secrets and anything shaped like an environment secret. */

const SECRET_SHAPE = /\b(sandbox|dev|prod)-[A-Za-z0-9_-]{8,}/g;
const SECRET_HEADER = /(x-access-secret["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export class Redactor {
  private readonly known = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.known.add(secret);
  }

  remove(secret: string | undefined): void {
    if (secret) this.known.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.known) out = out.split(s).join('[redacted]');
    return out.replace(SECRET_HEADER, '$1[redacted]').replace(SECRET_SHAPE, '$1-[redacted]');
  }
}
