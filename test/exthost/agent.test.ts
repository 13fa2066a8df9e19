/**
 * The agent tools as VS Code language-model tools, in a real VS Code: contributed and registered under the same
 * names as the MCP server's, answered through `vscode.lm.invokeTool` (no model needed) from the connected
 * sandbox, "not connected" said plainly, and a write's confirmation naming its environment.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { TOOLS } from '../../src/core/agent/tools';
import { confirmation } from '../../src/vscode/agent/wire';
import { offeredEnvironments } from '../../src/vscode/connection/commands';
import { api, until } from './helpers';

const text = (r: vscode.LanguageModelToolResult) => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
const call = async (name: string, input: object) => text(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));

describe('Agent tools in VS Code (real VS Code, lm.invokeTool)', function () {
  this.timeout(60_000);

  it('registers every tool, and the read tools answer from the connected sandbox', async () => {
    const a = await api();
    if (!a.services.connection.mode) await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    await until(() => a.services.connection.environments.length > 0, 20_000, 'a connection');
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('transcrypts_')).map((t) => t.name).sort();
    assert.deepEqual(ours, TOOLS.map((t) => t.name).sort());
    const envs = JSON.parse(await call('transcrypts_list_environments', {})) as { environments: string[]; local_sandbox: boolean };
    assert.deepEqual(envs.environments, a.services.connection.environments);
    assert.equal(envs.local_sandbox, true);
    const env = envs.environments[0] ?? '';
    const q = JSON.parse(await call('transcrypts_query_deliveries', { environment: env, limit: 3 })) as { matched: number; rows: unknown[] };
    assert.ok(q.rows.length <= 3);
    // No secret of the connection in what a tool returns.
    const all = await call('transcrypts_list_configurations', {});
    for (const e of envs.environments) assert.ok(!all.includes(a.services.connection.secret(e) ?? '\u0000'), 'a secret in a result');
  });

  it('says plainly what is wrong: an environment not connected, bad arguments', async () => {
    await assert.rejects(call('transcrypts_list_configurations', { environment: 'staging' }), /Not connected to "staging"/);
    await assert.rejects(call('transcrypts_query_deliveries', { environment: 'dev', limit: 5000 }), /Bad arguments for transcrypts_query_deliveries: limit/);
  });

  it('asks before every write, naming the environment; in Production, the configuration\'s name and URL; reads ask nothing', async () => {
    const a = await api();
    const tool = (name: string) => TOOLS.find((t) => t.name === name) as (typeof TOOLS)[number];
    assert.equal(await confirmation(a.services, tool('transcrypts_query_deliveries'), { environment: 'dev' }), undefined);
    const dev = await confirmation(a.services, tool('transcrypts_trigger_test_event'), { environment: 'sandbox', event_type: 'order-created' });
    assert.equal(dev?.title, 'Allow Trigger a test event (local sandbox)?');
    assert.match((dev?.message as vscode.MarkdownString).value, /in \*\*Sandbox\*\*\.[\s\S]*`event_type`: `"order-created"`/);
    const prod = a.services.catalog.webhooks('prod')[0];
    if (prod) {
      const del = await confirmation(a.services, tool('transcrypts_delete_configuration'), { environment: 'prod', id: prod.id });
      assert.equal(del?.title, 'Change Production?');
      assert.ok((del?.message as vscode.MarkdownString).value.includes(`Production configuration "${prod.name}" (${prod.webhook_url}).`));
    }
  });

  it('offers a local sandbox\'s own environments to Connect and Set Environment Secret, the setting otherwise (m13)', () => {
    assert.deepEqual(offeredEnvironments('transcrypts'), ['dev', 'prod'], 'no Sandbox on the documented platform');
    assert.deepEqual(offeredEnvironments('truv'), ['sandbox', 'dev', 'prod']);
    assert.deepEqual(offeredEnvironments(undefined), ['dev', 'prod', 'sandbox'], 'the setting\'s default');
    assert.deepEqual(offeredEnvironments('constructor'), ['dev', 'prod', 'sandbox'], 'an unknown profile: the setting');
  });
});
