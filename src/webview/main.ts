/** Browser side of the history panel (own bundle, `lib: dom`; never imports Node). */
import type { HostToWebview, WebviewToHost } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message.type === 'init') {
    const title = document.getElementById('title');
    if (title) title.textContent = message.title;
  }
});

vscode.postMessage({ type: 'ready' });
