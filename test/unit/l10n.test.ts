/**
 * Every user-facing string of the extension goes through `vscode.l10n.t`, and the English bundle holds them all.
 *
 * A literal (string, or template with its substitutions removed) in `src/extension.ts` or `src/vscode/` is
 * user-facing when
 *   - it holds two words of letters (`Could not …`, `Show Logs`), or
 *   - it is the value of a UI property (`title`, `label`, `description`, `detail`, `prompt`, `placeHolder`,
 *     `placeholder`, `tooltip`, `openLabel`, `message`) and holds a word of letters,
 * and it is not
 *   - the first argument of `l10n.t` (it is the message), nor inside a `log.info/warn/error/debug(…)` call (the
 *     log is not localized),
 *   - an import path, a property name, a type, a `case` label or an operand of `===`/`!==` (identifiers),
 *   - markup (starts with `<`: the text in it is substituted from l10n.t),
 *   - listed in NOT_USER_FACING below, each with why.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { l10nMessages, tsFiles } from '../../scripts/l10n';

const root = path.join(__dirname, '..', '..');
const UI_PROPS = new Set(['title', 'label', 'description', 'detail', 'prompt', 'placeHolder', 'placeholder', 'tooltip', 'openLabel', 'message']);

/** Literals that look like text but are not shown to anyone, by file. */
const NOT_USER_FACING: Record<string, readonly string[]> = {
  // A programming error (a command id registered twice), thrown at activation, never shown to a user.
  'src/vscode/platform/commandRegistry.ts': ['  is registered twice'],
  // The name of the replay test secret among the environments: an identifier (shown as "Workspace test secret").
  'src/vscode/signature/commands.ts': ['workspace test'],
  // An event type as the platform names it, as the example of the free event type box.
  'src/vscode/webhooks/webhookForm.ts': ['payment-created'],
};


export interface Literal {
  file: string;
  line: number;
  text: string;
}

function textOf(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => ` ${s.literal.text}`).join('');
  return undefined;
}

function excluded(n: ts.Node): boolean {
  const p = n.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p) || ts.isCaseClause(p)) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) && p.name === n) return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === n) return true;
  if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) return true;
  for (let a: ts.Node | undefined = p; a; a = a.parent) {
    if (ts.isCallExpression(a)) {
      const callee = a.expression.getText();
      if (/(^|\.)l10n\.t$/.test(callee) && a.arguments[0] === n) return true;
      if (/(^|\.)log\.(info|warn|error|debug)$/.test(callee)) return true;
    }
    if (ts.isTemplateSpan(a) || ts.isTemplateExpression(a)) continue;
  }
  return false;
}

function userFacing(n: ts.Node, text: string): boolean {
  // Markup (the webview's HTML): its text goes in through l10n.t substitutions.
  if (text.trimStart().startsWith('<')) return false;
  if (/[A-Za-z]{2,}[^\S\n]+\$?\(?[A-Za-z]/.test(text)) return true;
  const p = n.parent;
  return ts.isPropertyAssignment(p) && p.initializer === n && UI_PROPS.has(p.name.getText()) && /[A-Za-z]{2,}/.test(text);
}

/** The user-facing literals of a file that bypass l10n. */
export function bareLiterals(file: string, source = fs.readFileSync(file, 'utf8')): Literal[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Literal[] = [];
  const visit = (n: ts.Node): void => {
    const text = textOf(n);
    if (text !== undefined && !excluded(n) && userFacing(n, text)) {
      out.push({ file: path.relative(root, file), line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text });
    }
    if (!ts.isTemplateExpression(n)) ts.forEachChild(n, visit);
    else n.templateSpans.forEach((s) => ts.forEachChild(s, visit));
  };
  visit(sf);
  const allowed = NOT_USER_FACING[path.relative(root, file).split(path.sep).join('/')] ?? [];
  return out.filter((l) => !allowed.includes(l.text));
}

const extensionFiles = [path.join(root, 'src/extension.ts'), ...tsFiles(path.join(root, 'src/vscode'))];

describe('localization', () => {
  it('sends every user-facing literal of the extension through vscode.l10n.t', () => {
    const bare = extensionFiles.flatMap((f) => bareLiterals(f)).map((l) => `${l.file}:${l.line} ${JSON.stringify(l.text)}`);
    assert.deepEqual(bare, []);
  });

  it('finds a bare literal (the check can fail), and passes one through l10n.t or a log line', () => {
    const file = path.join(root, 'src/vscode/example.ts');
    const found = (src: string) => bareLiterals(file, src).map((l) => l.text);
    assert.deepEqual(found(`void vscode.window.showInformationMessage('Saved the file.');`), ['Saved the file.']);
    assert.deepEqual(found('const b = { title: `Retry` };'), ['Retry']);
    assert.deepEqual(found('void offer(`Deleted ${n} configurations`);'), ['Deleted   configurations']);
    assert.deepEqual(found(`void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', name));`), []);
    assert.deepEqual(found("log.info(`Created ${w.id} in ${env}.`);"), []);
    assert.deepEqual(found("if (x === 'workspace test') y();"), []);
  });

  it('keeps the English bundle l10n/bundle.l10n.json up to date (npm run l10n)', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const messages = new Set(tsFiles(path.join(root, 'src')).flatMap((f) => l10nMessages(f)));
    assert.ok(messages.size > 100, `${messages.size} messages`);
    const keys = new Set(Object.keys(bundle).map((k) => (typeof bundle[k] === 'object' ? k.replace(/\/.*$/, '') : k)));
    assert.deepEqual([...messages].filter((m) => !keys.has(m)).sort(), [], 'messages missing from the bundle: run npm run l10n');
  });
});
