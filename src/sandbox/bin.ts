/**
 * `node dist/sandbox.js …`: the sandbox's command line (cli.ts), loaded from the one sandbox bundle
 * (dist/embedded-sandbox.js) that the extension and the MCP server also load, rather than a second copy of it.
 */
import * as path from 'node:path';
import type * as SandboxBundle from './index';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, at run time
const bundle = require(path.join(__dirname, 'embedded-sandbox.js')) as typeof SandboxBundle;
void bundle.cliMain(process.argv.slice(2)).then((code) => process.exit(code));
