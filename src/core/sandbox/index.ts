export { startSandbox, type Sandbox, type SandboxOptions } from './server';
export { SandboxDataError } from './store';
export type { Credentials } from './credentials';
