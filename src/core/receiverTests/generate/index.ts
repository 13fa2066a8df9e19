/**
 * Generate Receiver Tests: test files for the user's own CI, in the stack the project uses, that send the
 * platform's rule cases and the saved fixtures to the receiver, signed the platform's way by a small self-contained
 * helper. Pure: the caller reads the existing files and writes what this returns. No `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { nodeFiles } from './node';
import { ENV, type GenerateOptions, type GeneratedFile } from './plan';
import { pythonFiles } from './python';
import { mayRewrite, mergeRegion, WHOLE_FILE_MARK } from './region';
import type { ProjectFiles, TestStack } from './stack';

export { ALL_STACKS, detectStacks, stackLabel, type ProjectFiles, type TestStack } from './stack';
export { ENV, type GenerateOptions, type GeneratedFile } from './plan';

export function generateFiles(o: GenerateOptions): GeneratedFile[] {
  return o.stack.runner === 'pytest' ? pythonFiles(o) : nodeFiles(o);
}

/** Where the tests go: the project's `test` or `tests` folder, else the runner's usual one. */
export function testDirFor(stack: TestStack, p: Pick<ProjectFiles, 'testDirs'>): string {
  const preferred = stack.runner === 'pytest' ? ['tests', 'test'] : ['test', 'tests'];
  return preferred.find((d) => p.testDirs.includes(d)) ?? (preferred[0] as string);
}

export interface PlannedWrite {
  path: string;
  content: string;
  /** False: the file already says exactly this (nothing to write). */
  changed: boolean;
  created: boolean;
}

/** What to write, keeping the user's edits outside the generated region; or, per file, why it is left alone. */
export function planWrites(files: readonly GeneratedFile[], existing: (path: string) => string | undefined): { writes: PlannedWrite[]; problems: string[] } {
  const writes: PlannedWrite[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const now = existing(f.path);
    if (f.kind === 'helper') {
      if (!mayRewrite(now)) problems.push(l10n.t('{0} exists and was not generated (its first line does not say "{1}"): it was left as it is. Rename or delete it, and generate again.', f.path, WHOLE_FILE_MARK));
      else writes.push({ path: f.path, content: f.content, changed: now !== f.content, created: now === undefined });
      continue;
    }
    const merged = mergeRegion(now, f.content, f.path);
    if ('problem' in merged) problems.push(merged.problem);
    else writes.push({ path: f.path, content: merged.content, changed: merged.changed, created: now === undefined });
  }
  // A test file without its helper (or the reverse) would not run: all or nothing.
  return problems.length > 0 ? { writes: [], problems } : { writes, problems };
}

/** The shell line that runs the generated tests (the secret is named, never written). */
export function runCommand(stack: TestStack, testFile: string): string {
  const secret = `${ENV.secret}=<your test secret>`;
  switch (stack.runner) {
    case 'pytest':
      return `${secret} python3 -m pytest ${testFile}`;
    case 'vitest':
      return `${secret} npx vitest run ${testFile}`;
    case 'jest':
      return `${secret} npx jest ${testFile}`;
    default:
      return stack.language === 'ts' ? `${secret} node --import tsx --test ${testFile}` : `${secret} node --test ${testFile}`;
  }
}
