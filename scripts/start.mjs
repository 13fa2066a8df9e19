// `npm start`: install what is missing, build, start the seeded local sandbox, and serve VS Code (code-server)
// with the extension loaded and connected to it. Prints the URL to open; Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { DEFAULT_CODE_SERVER, ROOT, ensureCodeServer, ensureNpm, main, run } from './lib.mjs';

await main(() => {
  ensureNpm();
  ensureCodeServer(DEFAULT_CODE_SERVER);
  run('node', ['esbuild.js'], { todo: 'The build failed: see the errors above.' });
});
// serve.ts stops the sandbox and code-server (their own process groups) on SIGINT/SIGTERM: pass them on.
const serve = spawn('npx', ['tsx', 'scripts/serve.ts', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => serve.kill(signal));
serve.on('exit', (code) => process.exit(code ?? 0));
