export { startSandbox, type Sandbox, type SandboxOptions } from './server';
export { SandboxDataError } from './store';
export type { Credentials } from './credentials';
// The command line's entry (dist/sandbox.js is a few lines that call it): one bundle serves the CLI, the
// extension's embedded sandbox and the MCP server's --sandbox.
export { main as cliMain } from './cli';
