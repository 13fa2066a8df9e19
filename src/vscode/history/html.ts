import vscode = require('vscode');

/** The panel's HTML, set once: strict CSP (no inline anything), the script by nonce, resources via asWebviewUri. */
export function historyHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomUUID().replace(/-/g, '');
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${uri('media', 'history.css')}">
<title>${escapeHtml(vscode.l10n.t('Request history'))}</title>
</head>
<body>
<div id="app"></div>
${l10nData()}<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** VS Code's strings for the webview in the user's language, as inert JSON data (not a script; none in English). */
function l10nData(): string {
  const bundle = vscode.l10n.bundle;
  if (!bundle) return '';
  // `<` escaped: the JSON cannot close the element it is in.
  return `<script id="l10n-bundle" type="application/json">${JSON.stringify(bundle).replace(/</g, '\\u003c')}</script>\n`;
}
