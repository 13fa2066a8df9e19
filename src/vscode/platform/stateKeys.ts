/**
 * Every key the extension keeps in VS Code's stores — the mementos (globalState, workspaceState) and SecretStorage —
 * in one place: what is stored, and where. No secret is ever stored in a memento.
 */
export const STATE_KEYS = {
  /** globalState: the saved connection (mode, client id, environments; never a secret). */
  connection: 'transcrypts.connection',
  /** globalState: the Get Started walkthrough was offered once. */
  walkthroughOffered: 'transcrypts.walkthroughOffered',
  /** globalState: API addresses from a workspace's settings the user agreed to send keys to. */
  confirmedApiUrls: 'transcrypts.apiBaseUrl.confirmed',
  /** globalState: how long the lists took to arrive at the last start, and for which connection (the sidebar's wait). */
  listsArrived: 'transcrypts.sidebar.listsArrived',
  /** workspaceState: where a replay was sent last. */
  replayUrl: 'transcrypts.replayUrl',
  /** workspaceState: where Listen forwarded last. */
  listenForwardTo: 'transcrypts.listen.forwardTo',
  /** workspaceState: where each Listen session stopped (resumed from there). */
  listenPositions: 'transcrypts.listen.positions',
  /** workspaceState: the Listen sessions on when the window closed (started again after a reload). */
  listenActive: 'transcrypts.listen.active',
  /** workspaceState: receiver addresses not on this machine the user allowed the receiver tests to send to. */
  receiverAllowedUrls: 'transcrypts.receiver.allowedUrls',
} as const;

/** SecretStorage: an environment's access secret. */
export const SECRET_KEY_PREFIX = 'transcrypts.secret.';
/** SecretStorage: a workspace's replay test secret, by a hash of the workspace's identity. */
export const REPLAY_SECRET_KEY_PREFIX = 'transcrypts.replayTestSecret.';
