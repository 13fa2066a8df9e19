/**
 * "Generate Receiver Tests": writes the receiver tests for the project's own CI (core's generate/), in the stack
 * its manifests name (asked when they name none or several), into its test folder, confined to the workspace.
 * Regenerating rewrites the generated region and helper and keeps the user's edits.
 */
import vscode = require('vscode');
import { ALL_STACKS, detectStacks, generateFiles, planWrites, runCommand, stackLabel, testDirFor, type ProjectFiles, type TestStack } from '../../core/receiverTests/generate';
import { confinedRoot, writeConfined } from '../platform/confinedWrite';
import { setting } from '../platform/settings/read';
import { requireTrust } from '../platform/trust';
import { receiverEnv, receiverUrl, subscribedEvents, type TargetDeps } from './target';
import { errorMessage } from '../../shared/errorMessage';

/** Manifests larger than this are not read (a package.json is far smaller). */
const MANIFEST_LIMIT = 1024 * 1024;

export interface GenerateResult {
  stack: TestStack;
  /** Written or rewritten, relative to the folder. */
  written: string[];
  unchanged: string[];
  testFile: string;
  command: string;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MANIFEST_LIMIT) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function isDir(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

async function readProject(root: vscode.Uri): Promise<ProjectFiles> {
  const at = (name: string) => vscode.Uri.joinPath(root, name);
  const [packageJson, pyproject, tsconfig] = await Promise.all([readText(at('package.json')), readText(at('pyproject.toml')), readText(at('tsconfig.json'))]);
  const requirementsNames = ['requirements.txt', 'requirements-dev.txt', 'requirements-test.txt', 'dev-requirements.txt'];
  const requirements = (await Promise.all(requirementsNames.map((n) => readText(at(n))))).filter((t): t is string => t !== undefined);
  const testDirs = (await Promise.all(['test', 'tests'].map(async (d) => ((await isDir(at(d))) ? d : undefined)))).filter((d): d is string => d !== undefined);
  return { packageJson, pyproject, requirements: requirements.length > 0 ? requirements.join('\n') : undefined, hasTsconfig: tsconfig !== undefined, testDirs };
}

/** The stack: the only one detected, else the user's pick (detected ones first); undefined: dismissed. */
async function pickStack(detected: readonly TestStack[], asked?: TestStack): Promise<TestStack | undefined> {
  if (asked) return asked;
  if (detected.length === 1) return detected[0];
  const same = (a: TestStack, b: TestStack) => a.runner === b.runner && a.language === b.language;
  const rest = ALL_STACKS.filter((s) => !detected.some((d) => same(d, s)));
  const items = [
    ...detected.map((stack) => ({ label: stackLabel(stack), description: vscode.l10n.t('named by this project'), stack })),
    ...rest.map((stack) => ({ label: stackLabel(stack), description: '', stack })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Generate Receiver Tests'),
    placeHolder: detected.length === 0 ? vscode.l10n.t('No package.json, pyproject.toml or requirements.txt names a test runner: pick the stack to write the tests for') : vscode.l10n.t('This project names more than one test runner: pick one'),
  });
  return picked?.stack;
}

/**
 * Generates (or regenerates) the tests; returns what it wrote, or a sentence saying why nothing was. `stack`: skip
 * the question (the tests, or a caller that knows).
 */
export async function generateReceiverTests(d: TargetDeps, stack?: TestStack): Promise<GenerateResult | string | undefined> {
  if (!(await requireTrust(vscode.l10n.t('Generating receiver tests')))) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return vscode.l10n.t('Open a folder first: the receiver tests are written into your project.');
  const project = await readProject(folder.uri);
  const chosen = await pickStack(detectStacks(project), stack);
  if (!chosen) return undefined;
  const env = receiverEnv(d);
  const url = receiverUrl(d);
  const files = generateFiles({
    stack: chosen,
    url,
    format: d.services.connection.signatureFormat(),
    fixturesDir: setting('fixtures.folder').replace(/\/+$/, ''),
    testDir: testDirFor(chosen, project),
    eventTypes: subscribedEvents(d, env, url),
  });
  const uriOf = (rel: string) => vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  const existing = new Map(await Promise.all(files.map(async (f) => [f.path, await readText(uriOf(f.path))] as const)));
  const plan = planWrites(files, (p) => existing.get(p));
  if (plan.problems.length > 0) return plan.problems.join(' ');
  const root = await confinedRoot(folder.uri, vscode.l10n.t('Replace the link with a real file inside the workspace, or delete it, and generate again.'));
  const encoder = new TextEncoder();
  for (const w of plan.writes.filter((x) => x.changed)) await writeConfined(uriOf(w.path), encoder.encode(w.content), root);
  const testFile = files.find((f) => f.kind === 'test')?.path ?? '';
  return {
    stack: chosen,
    written: plan.writes.filter((w) => w.changed).map((w) => w.path),
    unchanged: plan.writes.filter((w) => !w.changed).map((w) => w.path),
    testFile,
    command: runCommand(chosen, testFile),
  };
}

/** The command: generates, opens the test file, and says how to run it. */
export async function generateCommand(d: TargetDeps): Promise<GenerateResult | undefined> {
  let result: GenerateResult | string | undefined;
  try {
    result = await generateReceiverTests(d);
  } catch (e) {
    result = vscode.l10n.t('The receiver tests could not be written: {0}', errorMessage(e));
  }
  if (result === undefined) return undefined;
  if (typeof result === 'string') {
    void vscode.window.showErrorMessage(result);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...result.testFile.split('/')), { preview: false });
  const copy = vscode.l10n.t('Copy Run Command');
  const said = result.written.length === 0
    ? vscode.l10n.t('The receiver tests in {0} are up to date ({1}).', result.testFile, stackLabel(result.stack))
    : vscode.l10n.t('Wrote {0} ({1}). Run them with your receiver running: {2}', result.written.join(', '), stackLabel(result.stack), result.command);
  void vscode.window.showInformationMessage(said, copy).then((picked) => (picked === copy ? vscode.env.clipboard.writeText(result.command) : undefined));
  return result;
}
