/**
 * The second half of `npm start` (after set-up and build): the seeded sandbox CLI and code-server, each in its
 * own process group on 127.0.0.1, both stopped on Ctrl+C. `--port N` for code-server (default 8080, or free).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { ROOT, freePort, startCodeServer } from '../test/harness/codeServer';
import { prepareDemoWorkspace } from './demo';

interface SandboxLine {
  baseUrl: string;
  clientId: string;
  secrets: Record<string, string>;
  profile?: string;
  dataDir: string;
}

async function main(): Promise<void> {
  const portArg = process.argv.indexOf('--port');
  const wanted = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
  const dataDir = path.join(ROOT, '.transcrypts-sandbox');
  const sandbox = spawn(process.execPath, [path.join(ROOT, 'dist/sandbox.js'), '--seed', '--json', '--data', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<SandboxLine>((resolve, reject) => {
    // Its reason is on the terminal above (stderr is shared), e.g. another sandbox on this data folder (m8).
    sandbox.once('exit', (code) => reject(new Error(`the sandbox did not start (exit code ${String(code)}): see its message above`)));
    readline.createInterface({ input: sandbox.stdout as NodeJS.ReadableStream }).once('line', (l) => resolve(JSON.parse(l) as SandboxLine));
  });
  const port = (await isFree(wanted)) ? wanted : await freePort();
  // Asked for a port that is taken: said, not silently served elsewhere (m8).
  if (port !== wanted) process.stdout.write(`Port ${wanted} is in use${portArg > 0 ? '' : ' (the default)'}: VS Code is served on port ${port} instead.\n`);
  // A project of the user's own, not this repository: fixtures land there.
  const workspace = prepareDemoWorkspace(dataDir);
  const server = await startCodeServer({
    port,
    home: path.join(ROOT, '.vscode-test/start'),
    workspace,
    // The demo project sits inside this repository's folder: VS Code would offer to open the parent repository.
    // A new user's first run: the Get Started walkthrough opens (the test harness turns it off for the suites).
    settings: { 'transcrypts.apiBaseUrl': line.baseUrl, 'git.openRepositoryInParentFolders': 'never', 'workbench.welcomePage.walkthroughs.openOnInstall': true },
    env: { TRANSCRYPTS_SANDBOX_CREDENTIALS: path.join(dataDir, 'credentials.json') },
  });
  fs.writeFileSync(path.join(ROOT, '.vscode-test/start/url.txt'), server.workbenchUrl() + '\n');
  const env = Object.keys(line.secrets)[0] ?? 'dev';
  process.stdout.write(
    [
      '',
      `Local sandbox (${line.profile ?? 'transcrypts'} profile): ${line.baseUrl} (client id ${line.clientId}; keys in ${path.relative(ROOT, dataDir)}/credentials.json)`,
      `Trigger an event: curl -X POST ${line.baseUrl.replace(/v1\/$/, '')}_sandbox/events/ -H 'X-Access-Client-Id: ${line.clientId}' -H "X-Access-Secret: $(node -p "require('./.transcrypts-sandbox/credentials.json').secrets.${env}")" -H 'Content-Type: application/json' -d '{"env_type":"${env}","event_type":"order-created"}'`,
      '',
      `Workspace: ${path.relative(ROOT, workspace)} (a demo receiver project; its terminal: npm start)`,
      '',
      'Open VS Code (code-server) with the extension loaded:',
      `  ${server.workbenchUrl()}`,
      '',
      'Ctrl+C stops both.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await server.stop();
    try {
      process.kill(-(sandbox.pid as number), 'SIGTERM');
    } catch {
      // gone
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGHUP', () => void stop());
  // If whatever started us goes away without a signal, do not leave servers behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop();
  }, 1000).unref();
}

async function isFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
