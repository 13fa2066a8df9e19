// Installs the pinned code-servers used by the extension-host and UI suites and by `npm start` (all of them, or
// the versions named: `node scripts/install-code-server.mjs 4.103.2`), with the Node each one needs.
import { ensureCodeServer, main } from './lib.mjs';

await main(() => ensureCodeServer(process.argv.length > 2 ? process.argv.slice(2) : undefined));
