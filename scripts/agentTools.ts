/**
 * `package.json`'s `contributes.languageModelTools`, made from the tools' one definition (src/core/agent/tools.ts,
 * the shared tools and VS Code's own):
 * `npx tsx scripts/agentTools.ts --write` rewrites the section; the manifest test holds the two together.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { ALL_TOOLS } from '../src/core/agent/tools';

/** `#transcryptsDeliveries` in chat: the name a user writes to attach a tool. */
export function referenceName(tool: string): string {
  return `transcrypts${tool.replace(/^transcrypts_/, '').split('_').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}`;
}

export function languageModelTools(): unknown[] {
  return ALL_TOOLS.map((t) => {
    const schema = zodToJsonSchema(t.input as never, { target: 'jsonSchema7', $refStrategy: 'none' }) as Record<string, unknown>;
    delete schema.$schema;
    return {
      name: t.name,
      toolReferenceName: referenceName(t.name),
      displayName: t.title,
      modelDescription: t.description,
      userDescription: t.title,
      canBeReferencedInPrompt: true,
      tags: ['transcrypts', 'webhooks', t.write ? 'writes' : 'read-only'],
      inputSchema: schema,
    };
  });
}

if (require.main === module && process.argv.includes('--write')) {
  const file = path.join(__dirname, '..', 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
  const text = fs.readFileSync(file, 'utf8');
  const section = `"languageModelTools": ${JSON.stringify(languageModelTools(), null, 2).replace(/\n/g, '\n    ')}`;
  const next = pkg.contributes.languageModelTools === undefined
    ? text.replace('"contributes": {\n', `"contributes": {\n    ${section},\n`)
    : text.replace(/"languageModelTools": \[[\s\S]*?\n {4}\]/, section);
  fs.writeFileSync(file, next);
}
