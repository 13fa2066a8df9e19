/**
 * How an agent starts the MCP server (src/core/agent/launch.ts): the command and arguments, the environment the
 * server reads (src/mcp/main.ts), secrets only as `secret` gives them, and the configuration copied for Claude Code
 * and Cursor with each agent's own variable references instead of secrets.
 */
import { strict as assert } from 'node:assert';
import { agentConfig, mcpLaunch, secretVar } from '../../src/core/agent/launch';

const connection = { baseUrl: 'https://prod.transcrypts.com/v1/', clientId: 'c0ffee', environments: ['dev', 'prod', 'my-env'] };

describe('MCP server launch (core)', () => {
  it('starts node with the bundle, the workspace and the connection; a secret only as given', () => {
    const l = mcpLaunch({ bundle: '/ext/dist/mcp.js', workspace: '/ws', connection }, (env) => `secret-of-${env}`);
    assert.equal(l.command, 'node');
    assert.deepEqual(l.args, ['/ext/dist/mcp.js', '--workspace', '/ws']);
    assert.deepEqual(l.env, { TRANSCRYPTS_API_BASE_URL: connection.baseUrl, TRANSCRYPTS_CLIENT_ID: 'c0ffee', TRANSCRYPTS_SECRET_DEV: 'secret-of-dev', TRANSCRYPTS_SECRET_PROD: 'secret-of-prod' });
    // The server lower-cases what follows TRANSCRYPTS_SECRET_: "my-env" could not come back under its name.
    assert.deepEqual(l.skipped, ['my-env']);
    assert.equal(secretVar('my-env'), undefined);
  });

  it('starts a sandbox of its own without a connection', () => {
    const l = mcpLaunch({ bundle: '/ext/dist/mcp.js' }, () => 'never');
    assert.deepEqual(l.args, ['/ext/dist/mcp.js', '--sandbox']);
    assert.deepEqual(l.env, {});
  });

  it('copies an mcpServers entry with each agent\'s own variable references, never a value', () => {
    const claude = JSON.parse(agentConfig('claude', { bundle: '/ext/dist/mcp.js', connection }).json) as { mcpServers: { transcrypts: { command: string; args: string[]; env: Record<string, string> } } };
    assert.deepEqual(claude.mcpServers.transcrypts, {
      command: 'node',
      args: ['/ext/dist/mcp.js'],
      env: { TRANSCRYPTS_API_BASE_URL: connection.baseUrl, TRANSCRYPTS_CLIENT_ID: 'c0ffee', TRANSCRYPTS_SECRET_DEV: '${TRANSCRYPTS_SECRET_DEV}', TRANSCRYPTS_SECRET_PROD: '${TRANSCRYPTS_SECRET_PROD}' },
    });
    const cursor = JSON.parse(agentConfig('cursor', { bundle: '/ext/dist/mcp.js', connection }).json) as { mcpServers: { transcrypts: { env: Record<string, string> } } };
    assert.equal(cursor.mcpServers.transcrypts.env.TRANSCRYPTS_SECRET_DEV, '${env:TRANSCRYPTS_SECRET_DEV}');
    const sandbox = JSON.parse(agentConfig('claude', { bundle: '/ext/dist/mcp.js' }).json) as { mcpServers: { transcrypts: Record<string, unknown> } };
    assert.deepEqual(sandbox.mcpServers.transcrypts, { command: 'node', args: ['/ext/dist/mcp.js', '--sandbox'] });
  });
});
