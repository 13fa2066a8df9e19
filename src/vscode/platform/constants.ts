/** Every command id, view id, context key and setting name of the extension, in one place. */

export const VIEW_WEBHOOKS = 'transcrypts.webhooks';

export const COMMANDS = {
  startSandbox: 'transcrypts.sandbox.start',
  stopSandbox: 'transcrypts.sandbox.stop',
  showLogs: 'transcrypts.showLogs',
  // connection
  useSandbox: 'transcrypts.connect.sandbox',
  connect: 'transcrypts.connect',
  signOut: 'transcrypts.signOut',
  setSecret: 'transcrypts.setSecret',
  connectionActions: 'transcrypts.connectionActions',
  // view
  refresh: 'transcrypts.refresh',
  refreshEnvironment: 'transcrypts.environment.refresh',
  filter: 'transcrypts.filter',
  clearFilter: 'transcrypts.clearFilter',
  showMore: 'transcrypts.showMoreConfigurations',
  // configurations
  create: 'transcrypts.webhook.create',
  createHere: 'transcrypts.webhook.createHere',
  edit: 'transcrypts.webhook.edit',
  rename: 'transcrypts.webhook.rename',
  editUrl: 'transcrypts.webhook.editUrl',
  editEvents: 'transcrypts.webhook.editEvents',
  enable: 'transcrypts.webhook.enable',
  disable: 'transcrypts.webhook.disable',
  delete: 'transcrypts.webhook.delete',
  copyId: 'transcrypts.webhook.copyId',
  copyUrl: 'transcrypts.webhook.copyUrl',
  copyJson: 'transcrypts.webhook.copyJson',
  triggerTestEvent: 'transcrypts.webhook.triggerTestEvent',
  // history
  openHistory: 'transcrypts.history.open',
  replayDelivery: 'transcrypts.delivery.replay',
  copyDeliveryCurl: 'transcrypts.delivery.copyCurl',
  compareDelivery: 'transcrypts.delivery.compare',
  saveDeliveryFixture: 'transcrypts.delivery.saveFixture',
  openDeliveryPayload: 'transcrypts.delivery.openPayload',
  verifySignature: 'transcrypts.verifySignature',
  setReplaySecret: 'transcrypts.replay.setTestSecret',
  clearReplaySecret: 'transcrypts.replay.clearTestSecret',
  checkDrift: 'transcrypts.fixtures.checkDrift',
  // listen
  listenStart: 'transcrypts.listen.start',
  listenStop: 'transcrypts.listen.stop',
  listenActions: 'transcrypts.listen.actions',
  // configurations as code
  configExport: 'transcrypts.config.export',
  configPlan: 'transcrypts.config.plan',
  configApply: 'transcrypts.config.apply',
  configPromote: 'transcrypts.config.promote',
  // receiver tests
  receiverRun: 'transcrypts.receiver.run',
  receiverReplayHistory: 'transcrypts.receiver.replayHistory',
  receiverGenerateTests: 'transcrypts.receiver.generateTests',
  // agents
  copyMcpConfig: 'transcrypts.agent.copyMcpConfig',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const CONTEXT = {
  sandboxRunning: 'transcrypts.sandboxRunning',
  connected: 'transcrypts.connected',
  connectionMode: 'transcrypts.connectionMode',
  filtered: 'transcrypts.filtered',
  /** Connected to a local sandbox, embedded or started from the command line (Trigger Test Event works there). */
  localSandbox: 'transcrypts.localSandbox',
  /** A fixture was saved in this window (the walkthrough's step is done). */
  fixtureSaved: 'transcrypts.fixtureSaved',
  /** At least one listening session runs. */
  listening: 'transcrypts.listening',
  /** Connected to an API with the user's own keys: remote, and not a local sandbox (the walkthrough's last step). */
  accountConnected: 'transcrypts.accountConnected',
  /** A loaded configuration reports an `enabled` state (the Truv profile; the Transcrypts platform has none). */
  hasEnabledState: 'transcrypts.hasEnabledState',
} as const;
