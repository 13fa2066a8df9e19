/**
 * Which test stack a project uses, from its manifests: package.json (node:test, vitest, jest; TypeScript when the
 * project can run it) and pyproject.toml / requirements*.txt (pytest). Pure: the caller reads the files.
 */

export type TestRunner = 'node:test' | 'vitest' | 'jest' | 'pytest';
export type TestLanguage = 'ts' | 'js' | 'py';

export interface TestStack {
  runner: TestRunner;
  language: TestLanguage;
  /** How the JavaScript is loaded: ES modules, or CommonJS (Jest without ESM). Python: 'py'. */
  module: 'esm' | 'cjs' | 'py';
  /** Jest in TypeScript without @types/jest: `test` is imported from @jest/globals. */
  jestGlobalsImport?: boolean;
}

/** What the caller read from the workspace root. */
export interface ProjectFiles {
  packageJson?: string;
  pyproject?: string;
  /** requirements.txt, requirements-dev.txt, … joined. */
  requirements?: string;
  hasTsconfig: boolean;
  /** Top-level folders that exist, of `test`, `tests`. */
  testDirs: readonly string[];
}

interface PackageJson {
  deps: Set<string>;
  testScript: string;
  type: string;
}

function readPackage(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // A package.json that is not JSON still says this is a Node project.
    return { deps: new Set(), testScript: '', type: '' };
  }
  const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const names = (k: string) => {
    const d = o[k];
    return typeof d === 'object' && d !== null && !Array.isArray(d) ? Object.keys(d) : [];
  };
  const scripts = typeof o.scripts === 'object' && o.scripts !== null ? (o.scripts as Record<string, unknown>) : {};
  return {
    deps: new Set([...names('dependencies'), ...names('devDependencies'), ...names('optionalDependencies')]),
    testScript: typeof scripts.test === 'string' ? scripts.test : '',
    type: typeof o.type === 'string' ? o.type : '',
  };
}

/** The stacks this project can run, most likely first; empty: no manifest says (the caller asks). */
export function detectStacks(p: ProjectFiles): TestStack[] {
  const out: TestStack[] = [];
  const pkg = readPackage(p.packageJson);
  if (pkg) {
    const has = (n: string) => pkg.deps.has(n);
    const ts = has('typescript') || p.hasTsconfig;
    if (has('vitest') || /\bvitest\b/.test(pkg.testScript)) out.push({ runner: 'vitest', language: ts ? 'ts' : 'js', module: 'esm' });
    if (has('jest') || /\bjest\b/.test(pkg.testScript)) {
      const tsJest = has('ts-jest') || has('@swc/jest');
      out.push({ runner: 'jest', language: tsJest ? 'ts' : 'js', module: 'cjs', ...(tsJest && !has('@types/jest') ? { jestGlobalsImport: true } : {}) });
    }
    // node:test in TypeScript needs a loader; tsx is the one that runs it as written.
    const nodeTs = has('tsx') && ts;
    out.push({ runner: 'node:test', language: nodeTs ? 'ts' : 'js', module: nodeTs && pkg.type !== 'module' ? 'cjs' : 'esm' });
    if (/\bnode\s+(--[\w-]+(=\S+)?\s+)*--test\b/.test(pkg.testScript)) out.unshift(...out.splice(out.findIndex((s) => s.runner === 'node:test'), 1));
  }
  const python = `${p.pyproject ?? ''}\n${p.requirements ?? ''}`;
  if (p.pyproject !== undefined || p.requirements !== undefined) {
    const pytest = { runner: 'pytest' as const, language: 'py' as const, module: 'py' as const };
    // A project whose Python side names pytest comes first when its Node side names no test runner.
    if (/\bpytest\b/i.test(python) && (!pkg || (pkg.testScript === '' && out.length <= 1))) out.unshift(pytest);
    else out.push(pytest);
  }
  return out;
}

/** Every stack, for the user to pick when no manifest says. */
export const ALL_STACKS: readonly TestStack[] = [
  { runner: 'node:test', language: 'js', module: 'esm' },
  { runner: 'node:test', language: 'ts', module: 'esm' },
  { runner: 'vitest', language: 'ts', module: 'esm' },
  { runner: 'vitest', language: 'js', module: 'esm' },
  { runner: 'jest', language: 'ts', module: 'cjs' },
  { runner: 'jest', language: 'js', module: 'cjs' },
  { runner: 'pytest', language: 'py', module: 'py' },
];

export function stackLabel(s: TestStack): string {
  const lang = s.language === 'ts' ? 'TypeScript' : s.language === 'js' ? 'JavaScript' : 'Python';
  return `${s.runner} (${lang})`;
}
