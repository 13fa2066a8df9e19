/** The request history: its panels (restored after a reload), their commands and the palette's delivery actions. */
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerDeliveryCommands, registerHistoryCommands } from './commands';
import { HistoryPanels } from './panel';
import type { PanelDeps } from './session';

export function wireHistory(s: Services, commands: CommandRegistry, deps: PanelDeps): HistoryPanels {
  const panels = new HistoryPanels(deps);
  registerHistoryCommands(s, commands, panels);
  registerDeliveryCommands(s, commands, deps);
  return panels;
}
