/** The language-model tools package.json contributes are the tools' one definition (npx tsx scripts/agentTools.ts --write). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageModelTools } from '../../scripts/agentTools';
import { ALL_TOOLS, TOOLS, VSCODE_TOOLS } from '../../src/core/agent/tools';

describe('agent tools in the manifest', () => {
  it('contributes every tool with the schema, descriptions and names of its definition', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { contributes: { languageModelTools?: unknown[] } };
    assert.deepEqual(pkg.contributes.languageModelTools, languageModelTools(), 'run: npx tsx scripts/agentTools.ts --write');
    assert.equal(new Set(ALL_TOOLS.map((t) => t.name)).size, ALL_TOOLS.length, 'names are unique');
    for (const t of ALL_TOOLS) assert.match(t.name, /^transcrypts_[a-z_]+$/);
  });

  it('offers Listen in VS Code only (the MCP server serves TOOLS), and Listen is a write', () => {
    assert.deepEqual(VSCODE_TOOLS.map((t) => t.name), ['transcrypts_listen_start', 'transcrypts_listen_stop']);
    assert.ok(!TOOLS.some((t) => t.name.startsWith('transcrypts_listen_')));
    assert.ok(VSCODE_TOOLS.every((t) => t.write));
  });
});
