/**
 * The webview's side of the protocol: messages to the host, actions as requests with an id and one reply each
 * (done, or failed with a message), and the stored state — validated before it is used.
 */
import type { ActionRequest, HostToWebview, PanelState, Reply, WebviewToHost } from '../shared/protocol';
import { parsePanelState } from '../shared/state';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** An action without its request id (the host connection adds one). */
export type Action = ActionRequest extends infer A ? (A extends ActionRequest ? Omit<A, 'requestId'> : never) : never;

export class Host {
  private readonly api = acquireVsCodeApi();
  private seq = 0;
  private readonly pending = new Map<number, (r: Reply) => void>();

  post(m: WebviewToHost): void {
    this.api.postMessage(m);
  }

  /** A fresh id for a request (loads and actions share the sequence). */
  nextId(): number {
    return ++this.seq;
  }

  /** Sends an action; resolves with the host's reply. */
  request(action: Action): Promise<Reply> {
    const requestId = this.nextId();
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.post({ ...action, requestId } as ActionRequest);
    });
  }

  /** Routes a reply to its request; true when the message was one. */
  settle(m: HostToWebview): boolean {
    if (m.type !== 'reply') return false;
    this.pending.get(m.requestId)?.(m);
    this.pending.delete(m.requestId);
    return true;
  }

  /** The state kept across reloads, only if it is valid. */
  storedState(): PanelState | undefined {
    return parsePanelState(this.api.getState());
  }

  saveState(state: PanelState): void {
    this.api.setState(state);
    this.post({ type: 'state', state });
  }
}
