/**
 * Loading never stalls: a group's item is built again when it was built before its list answered, even when VS
 * Code asked for its configurations after (they waited for the list).
 */
import * as vscode from 'vscode';
import { startSandbox } from '../../src/core/sandbox';
import type { Node } from '../../src/vscode/tree/webhooksTree';
import { api, until } from './helpers';

const config = () => vscode.workspace.getConfiguration('transcrypts');

describe('Loading never stalls: a group whose list answers while VS Code waits for it (real VS Code)', function () {
  this.timeout(60_000);

  it('shows the group\'s count, not "loading…", once its list has answered', async () => {
    const a = await api();
    await a.services.connection.forget();
    await a.services.sandbox.stop();
    const s = await startSandbox({ profile: 'truv', seed: true, seedDeliveries: 20 });
    const tree = a.services.tree;
    // The Sandbox group's item as VS Code last built it.
    let shown: string | undefined;
    const getTreeItem = tree.getTreeItem.bind(tree);
    tree.getTreeItem = (node: Node) => {
      const built = getTreeItem(node);
      if (node.kind === 'environment' && node.env === 'sandbox') shown = String(built.description);
      return built;
    };
    try {
      await config().update('apiBaseUrl', s.baseUrl, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.extension.transcrypts');
      await until(() => a.services.view.visible, 20_000, 'the Webhooks view visible');
      await a.services.connection.connectRemote(s.credentials.clientId, s.credentials.secrets);
      await a.services.catalog.refresh();
      await until(() => shown?.startsWith('3 configurations'), 20_000, 'the group shown loaded');
      // Its list now takes a second: VS Code builds the group's item ("loading…") and asks for its configurations,
      // which wait for the list (up to 3 s) and answer with it. The item must not stay "loading…".
      s.faults.set({ latency_ms: 1000 });
      await a.services.catalog.refresh('sandbox');
      await until(() => shown?.startsWith('3 configurations'), 15_000, `the group's count again (VS Code shows "${shown}")`);
    } finally {
      tree.getTreeItem = getTreeItem;
      await a.services.connection.forget();
      a.services.catalog.clear();
      await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await s.close();
    }
  });
});
