/**
 * The agent tools as VS Code language-model tools, in a real VS Code: contributed and registered under the same
 * names as the MCP server's, answered through `vscode.lm.invokeTool` (no model needed) from the connected
 * sandbox, "not connected" said plainly, and a write's confirmation naming its environment. The MCP server offered
 * to VS Code (1.101+; skipped, and reported as skipped, on older ones) and the configuration copied for other agents.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_TOOLS, TOOLS } from '../../src/core/agent/tools';
import { COMMANDS } from '../../src/vscode/platform/constants';
import { mcpApi, type McpStdioServerDefinition } from '../../src/vscode/agent/mcpApi';
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
    assert.deepEqual(ours, ALL_TOOLS.map((t) => t.name).sort(), 'the shared tools and VS Code\'s own (Listen)');
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

  it('offers the MCP server to VS Code (1.101+): node dist/mcp.js, the secrets only when VS Code starts it, a change announced; the definition starts a working server', async function () {
    const a = await api();
    if (!mcpApi()) {
      // VS Code 1.100 has no final MCP server definition API: nothing is registered (and activation went on);
      // the test is reported as skipped, not as passed.
      assert.equal(a.mcp.registered, false);
      this.skip();
    }
    if (!a.services.connection.mode) await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    await until(() => a.services.connection.environments.length > 0, 20_000, 'a connection');
    const c = a.services.connection;
    assert.equal(a.mcp.registered, true, 'the provider is registered');
    const secrets = c.environments.map((e) => c.secret(e)).filter((x): x is string => x !== undefined && x !== '');
    assert.ok(secrets.length > 0);
    const noSecretIn = (what: string, text: string) => assert.ok(secrets.every((x) => !text.includes(x)), `a secret in ${what}`);
    const token = new vscode.CancellationTokenSource().token;
    const offered = (await a.mcp.provider.provideMcpServerDefinitions(token)) ?? [];
    assert.equal(offered.length, 1);
    const def = offered[0] as McpStdioServerDefinition;
    assert.equal(def.label, 'Transcrypts Webhooks');
    assert.equal(def.command, 'node');
    const bundle = def.args[0] ?? '';
    assert.ok(path.isAbsolute(bundle) && bundle.endsWith(path.join('dist', 'mcp.js')) && fs.existsSync(bundle), 'the bundle, by its absolute path');
    assert.ok(!def.args.includes('--allow-write'), 'read-only');
    assert.equal(def.env.TRANSCRYPTS_API_BASE_URL, c.baseUrl, 'the connected sandbox, not a sandbox of its own');
    assert.equal(def.env.TRANSCRYPTS_CLIENT_ID, c.clientId);
    assert.deepEqual(Object.keys(def.env).filter((k) => k.startsWith('TRANSCRYPTS_SECRET_')), [], 'no secret before it starts');
    noSecretIn('the offered definition', JSON.stringify(def));
    // When VS Code starts it: one secret variable per connected environment, from SecretStorage.
    const resolved = (await a.mcp.provider.resolveMcpServerDefinition?.(def, token)) as McpStdioServerDefinition;
    assert.deepEqual(Object.keys(resolved.env).filter((k) => k.startsWith('TRANSCRYPTS_SECRET_') && resolved.env[k] !== null).sort(), c.environments.map((e) => `TRANSCRYPTS_SECRET_${e.toUpperCase()}`).sort());
    for (const e of c.environments) assert.ok(resolved.env[`TRANSCRYPTS_SECRET_${e.toUpperCase()}`] === c.secret(e), `the ${e} secret is handed over`);
    // Started as VS Code starts it, it answers over stdio from the same sandbox.
    const inherited = Object.fromEntries(Object.entries(process.env).filter((x): x is [string, string] => typeof x[1] === 'string' && !x[0].startsWith('TRANSCRYPTS_')));
    const env = { ...inherited, ...(Object.fromEntries(Object.entries(resolved.env).filter((x): x is [string, string] => typeof x[1] === 'string'))) };
    const client = new Client({ name: 'exthost-test', version: '0' });
    await client.connect(new StdioClientTransport({ command: resolved.command, args: resolved.args, env, stderr: 'ignore' }));
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('transcrypts_query_deliveries') && !names.includes('transcrypts_delete_configuration'), 'read tools only');
      const r = (await client.callTool({ name: 'transcrypts_list_environments', arguments: {} })) as { content: Array<{ type: string; text?: string }> };
      const body = r.content.map((p) => p.text ?? '').join('');
      noSecretIn('a result', body);
      const listed = JSON.parse(body) as { environments: string[]; local_sandbox: boolean };
      assert.deepEqual([...listed.environments].sort(), [...c.environments].sort());
      assert.equal(listed.local_sandbox, true);
    } finally {
      await client.close();
    }
    // Another connection (here: a secret set again) is announced, so VS Code asks again.
    let fired = 0;
    const sub = a.mcp.provider.onDidChangeMcpServerDefinitions?.(() => fired++);
    try {
      const env0 = c.environments[0] ?? '';
      await c.setSecret(env0, c.secret(env0) ?? '');
      await until(() => fired > 0, 5_000, 'onDidChangeMcpServerDefinitions');
    } finally {
      sub?.dispose();
    }
  });

  it('copies an MCP configuration for Claude Code and Cursor: node, the bundle\'s absolute path, no secret', async () => {
    const a = await api();
    if (!a.services.connection.mode) await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    await until(() => a.services.connection.environments.length > 0, 20_000, 'a connection');
    const c = a.services.connection;
    const secrets = c.environments.map((e) => c.secret(e)).filter((x): x is string => x !== undefined && x !== '');
    for (const agent of ['claude', 'cursor']) {
      await vscode.env.clipboard.writeText('');
      const returned = await vscode.commands.executeCommand<string>(COMMANDS.copyMcpConfig, { agent });
      const copied = await vscode.env.clipboard.readText();
      assert.equal(copied, returned);
      const cfg = JSON.parse(copied) as { mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }> };
      const server = cfg.mcpServers.transcrypts;
      assert.ok(server, 'an mcpServers entry "transcrypts"');
      assert.equal(server.command, 'node');
      const bundle = server.args[0] ?? '';
      assert.ok(path.isAbsolute(bundle) && bundle.endsWith(path.join('dist', 'mcp.js')) && fs.existsSync(bundle), 'the bundle, by its absolute path');
      // The embedded sandbox goes away with VS Code: another agent gets a sandbox of its own.
      if (c.localSandbox?.embedded) assert.ok(server.args.includes('--sandbox'));
      for (const [k, v] of Object.entries(server.env ?? {})) if (k.startsWith('TRANSCRYPTS_SECRET_')) assert.match(v, agent === 'claude' ? /^\$\{TRANSCRYPTS_SECRET_\w+\}$/ : /^\$\{env:TRANSCRYPTS_SECRET_\w+\}$/);
      assert.ok(secrets.every((x) => !copied.includes(x)), 'a secret in the copied configuration');
    }
  });

  it('Listen as tools (VS Code only): start asks first naming the environment and the URL, forwards new deliveries to a receiver on this machine only, stop says how many', async () => {
    const a = await api();
    if (!a.services.connection.mode) await vscode.commands.executeCommand('transcrypts.connect.sandbox');
    await until(() => a.services.connection.environments.length > 0, 20_000, 'a connection');
    const c = a.services.connection;
    const env = c.environments.find((e) => e !== 'prod') ?? '';
    const client = c.client(env);
    assert.ok(client, `a ${env} client`);
    assert.ok(!TOOLS.some((t) => t.name.startsWith('transcrypts_listen_')), 'the MCP server does not offer Listen');
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      received.push(String(req.headers['x-transcrypts-forwarded']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const webhookId = (await client.createWebhook({ name: 'Agent listen', webhook_url: 'http://127.0.0.1:9/agent-listen', env_type: env, events: ['order-created'], enabled: true })).id;
    // What the registered tool runs once the user said yes in chat's confirmation (VS Code asks before invoke).
    const run = async (name: string, input: object) => {
      const r = await a.agentRun(name, input);
      if (!r.ok) throw new Error(r.error);
      return JSON.parse(r.json) as Record<string, unknown>;
    };
    try {
      const start = ALL_TOOLS.find((t) => t.name === 'transcrypts_listen_start') as (typeof ALL_TOOLS)[number];
      const asked = await confirmation(a.services, start, { environment: env, forward_to: url }, a.context.workspaceState);
      assert.ok(asked, 'Listen asks first');
      assert.match((asked.message as vscode.MarkdownString).value, new RegExp(`in \\*\\*[^*]+\\*\\*\\.[\\s\\S]*${url.replace(/[.:/]/g, '\\$&')}`));
      const stop = ALL_TOOLS.find((t) => t.name === 'transcrypts_listen_stop') as (typeof ALL_TOOLS)[number];
      assert.ok(await confirmation(a.services, stop, { environment: env }), 'stopping asks too');
      // A URL from a model must be on this machine.
      await assert.rejects(run('transcrypts_listen_start', { environment: env, forward_to: 'https://example.com/hook' }), /only to this machine/);
      const started = await run('transcrypts_listen_start', { environment: env, forward_to: url, events: ['order-created'], configuration_id: webhookId });
      assert.deepEqual({ ...started }, { listening: true, environment: env, forward_to: url, events: ['order-created'], configuration: { id: webhookId, name: 'Agent listen' }, resume: false });
      assert.ok(a.listening.session(env), 'a session, with its terminal');
      await assert.rejects(run('transcrypts_listen_start', { environment: env, forward_to: url }), /already forwarded/);
      const delivered = (await client.triggerSandboxEvent(env, 'order-created')).deliveries.map((d) => d.webhook_id);
      await until(() => delivered.some((id) => received.includes(id)), 20_000, 'a delivery forwarded');
      await until(() => (a.listening.session(env)?.forwarded ?? 0) >= 1, 10_000, 'the forward counted');
      const stopped = await run('transcrypts_listen_stop', { environment: env });
      assert.deepEqual(stopped.stopped, [env]);
      assert.ok(Number(stopped.forwarded) >= 1 && stopped.failed === 0, JSON.stringify(stopped));
      assert.equal(a.listening.session(env), undefined);
      assert.deepEqual((await run('transcrypts_listen_stop', {})).stopped, []);
    } finally {
      if (a.listening.session(env)) await a.listening.stop(env);
      await client.deleteWebhook(webhookId).catch(() => undefined);
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
