// Set-up shared by `npm start` and `npm test`: Node built-ins only, so it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_DIR = path.join(ROOT, 'tools/code-server');

/** Debian packages code-server's native modules build with (ripgrep feeds @vscode/ripgrep). */
export const APT_BUILD = ['ripgrep', 'libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];
/** What the test suites run besides Node: the browser, and curl (the Copy as cURL test runs its output). */
export const APT_BROWSER = ['chromium', 'curl'];

export function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

export function ensureApt(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(isRoot ? [] : ['apt-get']), 'update', '-qq'], { env });
  run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(isRoot ? [] : ['apt-get']), 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function lockHash(dir) {
  return createHash('sha256').update(fs.readFileSync(path.join(dir, 'package-lock.json'))).digest('hex');
}

/** `npm ci` when node_modules is missing or was installed from another lockfile. */
export function ensureNpm(dir = ROOT, extraEnv = {}) {
  const marker = path.join(dir, 'node_modules', '.transcrypts-lock-sha256');
  const want = lockHash(dir);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return;
  log(`npm ci in ${path.relative(ROOT, dir) || '.'}`);
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, ...extraEnv } });
  fs.writeFileSync(marker, want);
}

/**
 * code-server 4.100.3 in its own folder with its own lockfile. @vscode/ripgrep's postinstall downloads rg from
 * GitHub, which this machine cannot reach: feed it Debian's rg through its download cache first.
 */
export function ensureCodeServer() {
  ensureApt(APT_BUILD);
  const tmp = fs.mkdtempSync(path.join('/tmp', 'cs.'));
  const cache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmp, 'rg.'));
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) is not installed: apt-get install ripgrep');
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  run('tar', ['-C', staging, '-czf', path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), 'rg']);
  try {
    ensureNpm(CODE_SERVER_DIR, { TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Run a command, streaming its output and keeping it; resolves with its exit code and text. */
export function tee(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      text += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

