/** Each function does one thing: none in src/ is longer than the limit (whole body, nested functions included). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const MAX_FUNCTION_LINES = 80;
const src = path.join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

function nameOf(n: ts.FunctionLikeDeclaration): string {
  if (n.name) return n.name.getText();
  const p = n.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText();
  return '<anonymous>';
}

/** Every function, method, accessor and arrow with a body, and its length in lines. */
export function functionLengths(file: string): Array<{ name: string; line: number; lines: number }> {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ name: string; line: number; lines: number }> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const f = n as ts.FunctionLikeDeclaration;
      const first = sf.getLineAndCharacterOfPosition(f.getStart()).line;
      const last = sf.getLineAndCharacterOfPosition(f.getEnd()).line;
      out.push({ name: nameOf(f), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('structure of src/', () => {
  it(`has no function longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files(src).flatMap((f) =>
      functionLengths(f)
        .filter((x) => x.lines > MAX_FUNCTION_LINES)
        .map((x) => `${path.relative(src, f)}:${x.line} ${x.name} (${x.lines} lines)`),
    );
    assert.deepEqual(long, []);
  });

  it('measures: a long function is found', () => {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fn-')), 'long.ts');
    fs.writeFileSync(tmp, `export function long(): void {\n${'  console.log(1);\n'.repeat(MAX_FUNCTION_LINES)}}\n`);
    const [f] = functionLengths(tmp);
    assert.equal(f?.name, 'long');
    assert.equal(f?.lines, MAX_FUNCTION_LINES + 2);
    fs.rmSync(path.dirname(tmp), { recursive: true });
  });
});
