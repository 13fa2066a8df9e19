/**
 * The one message protocol between the history panel host and its webview: a typed discriminated union per
 * direction, starting with the `ready` handshake (the host sends nothing before the webview says it listens).
 */

export type WebviewToHost = { type: 'ready' };

export type HostToWebview = { type: 'init'; title: string };
