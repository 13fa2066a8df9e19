import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchDir } from '../harness/codeServer';

/** A copy of the extension as it ships: the production (minified) bundles and the manifest's files. */
export function productionCopy(): string {
  const root = path.join(__dirname, '..', '..');
  const to = path.join(scratchDir(), 'production');
  for (const f of ['package.json', 'package.nls.json', 'LICENSE']) fs.cpSync(path.join(root, f), path.join(to, f));
  for (const d of ['l10n', 'media']) fs.cpSync(path.join(root, d), path.join(to, d), { recursive: true });
  execSync(`node esbuild.js --production --outdir ${JSON.stringify(path.join(to, 'dist'))}`, { cwd: root, stdio: 'ignore' });
  return to;
}

