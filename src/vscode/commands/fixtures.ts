/** Check Fixtures Against Recent Deliveries: from the view, the palette, or a fixture file or folder in the Explorer. */
import type { DriftChecker } from '../fixtures/drift';
import vscode = require('vscode');
import { COMMANDS } from '../constants';
import { requireTrust } from '../trust';
import type { CommandRegistry } from './register';

export function registerFixtureCommands(drift: DriftChecker, r: CommandRegistry): void {
  r.register(COMMANDS.checkDrift, async (c) => {
    if (!(await requireTrust(vscode.l10n.t('The drift check of fixtures')))) return undefined;
    const samples = c.args?.['samples'];
    return drift.run({ env: c.env, uri: c.uri, samples: typeof samples === 'number' ? samples : undefined });
  });
}
