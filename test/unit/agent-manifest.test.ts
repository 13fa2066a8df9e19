/** The language-model tools package.json contributes are the tools' one definition (npx tsx scripts/agentTools.ts --write). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageModelTools } from '../../scripts/agentTools';
import { TOOLS } from '../../src/core/agent/tools';

describe('agent tools in the manifest', () => {
  it('contributes every tool with the schema, descriptions and names of its definition', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { contributes: { languageModelTools?: unknown[] } };
    assert.deepEqual(pkg.contributes.languageModelTools, languageModelTools(), 'run: npx tsx scripts/agentTools.ts --write');
    assert.equal(new Set(TOOLS.map((t) => t.name)).size, TOOLS.length, 'names are unique');
    for (const t of TOOLS) assert.match(t.name, /^transcrypts_[a-z_]+$/);
  });
});
