/** Every command id, view id, context key and setting name of the extension, in one place. */

export const VIEW_CONTAINER = 'transcrypts';
export const VIEW_WEBHOOKS = 'transcrypts.webhooks';

export const COMMANDS = {
  startSandbox: 'transcrypts.sandbox.start',
  stopSandbox: 'transcrypts.sandbox.stop',
  showLogs: 'transcrypts.showLogs',
} as const;

export const CONTEXT = {
  sandboxRunning: 'transcrypts.sandboxRunning',
} as const;

export const SETTINGS = {
  section: 'transcrypts',
  apiBaseUrl: 'apiBaseUrl',
  sandboxPort: 'sandbox.port',
} as const;
