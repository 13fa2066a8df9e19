// Installs the pinned code-server used by the extension-host and UI suites and by `npm start`.
import { ensureCodeServer, main } from './lib.mjs';

await main(ensureCodeServer);
