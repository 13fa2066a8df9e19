/** Check Fixtures Against Recent Deliveries: from the view, the palette, or a fixture file or folder in the Explorer. */
import type { DriftChecker } from '../fixtures/drift';
import { COMMANDS } from '../constants';
import type { CommandRegistry } from './register';

export function registerFixtureCommands(drift: DriftChecker, r: CommandRegistry): void {
  r.register(COMMANDS.checkDrift, (c) => {
    const samples = c.args?.['samples'];
    return drift.run({ env: c.env, uri: c.uri, samples: typeof samples === 'number' ? samples : undefined });
  });
}
