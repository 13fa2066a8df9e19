/** The demo workspace `npm start` opens: a receiver project beside the sandbox's data, standing for the user's own. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TEMPLATE = path.join(__dirname, 'demo');

/** Creates `<dataDir>/demo-receiver` with the files it lacks (never overwrites the user's edits); returns its path. */
export function prepareDemoWorkspace(dataDir: string): string {
  const dir = path.join(dataDir, 'demo-receiver');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(TEMPLATE)) {
    const target = path.join(dir, name);
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(TEMPLATE, name), target);
  }
  return dir;
}
