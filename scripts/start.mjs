// `npm start`: install what is missing, build, start the seeded local sandbox, and serve VS Code (code-server)
// with the extension loaded and connected to it. Prints the URL to open; Ctrl+C stops everything.
import { ensureCodeServer, ensureNpm, run } from './lib.mjs';

ensureNpm();
ensureCodeServer();
run('node', ['esbuild.js']);
run('npx', ['tsx', 'scripts/serve.ts', ...process.argv.slice(2)]);
