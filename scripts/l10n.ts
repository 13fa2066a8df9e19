/**
 * `npm run l10n`: writes l10n/bundle.l10n.json, the English bundle, from every `l10n.t('…')` call with a literal
 * message under src/ (parsed with TypeScript's own parser). Entries already there (with translator comments) are
 * kept; messages no longer used are dropped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** The messages of every `l10n.t('…')` call with a literal first argument. */
export function l10nMessages(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && /(^|\.)l10n\.t$/.test(n.expression.getText())) {
      const first = n.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) out.push(first.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const file = path.join(root, 'l10n/bundle.l10n.json');
  const old = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const messages = [...new Set(tsFiles(path.join(root, 'src')).flatMap((f) => l10nMessages(f)))].sort();
  const bundle: Record<string, unknown> = {};
  for (const m of messages) {
    const kept = Object.keys(old).find((k) => k === m || (typeof old[k] === 'object' && k.replace(/\/.*$/, '') === m));
    bundle[kept ?? m] = kept ? old[kept] : m;
  }
  fs.writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
  process.stdout.write(`${messages.length} messages written to l10n/bundle.l10n.json\n`);
}
