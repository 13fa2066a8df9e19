/** The agent tools' commands. */
import vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { AGENTS, agentConfig, type AgentId } from '../../core/agent/launch';
import { isAgent, type McpServers } from './mcp';

/** Transcrypts: Copy MCP Configuration for Other Agents (args `{ agent: 'claude' | 'cursor' }` skip the question). */
export function registerMcpCommands(servers: McpServers, r: CommandRegistry): void {
  r.register(COMMANDS.copyMcpConfig, async (c) => {
    const given = c.args?.['agent'];
    let agent: AgentId;
    if (isAgent(given)) agent = given;
    else {
      const picked = await vscode.window.showQuickPick(
        (Object.keys(AGENTS) as AgentId[]).map((id) => ({ label: AGENTS[id].label, description: AGENTS[id].file, id })),
        { title: vscode.l10n.t('Copy MCP Configuration for…'), placeHolder: vscode.l10n.t('The agent whose configuration file it goes into') },
      );
      if (!picked) return undefined;
      agent = picked.id;
    }
    const a = AGENTS[agent];
    const { json, launch } = agentConfig(agent, servers.input(true));
    await vscode.env.clipboard.writeText(json);
    const vars = Object.values(launch.secretVars);
    const message = vars.length > 0
      ? vscode.l10n.t('Copied the MCP configuration for {0} (its "mcpServers" in {1}). Set {2} in the environment {0} starts from: no secret was copied.', a.label, a.file, vars.join(', '))
      : vscode.l10n.t('Copied the MCP configuration for {0} (its "mcpServers" in {1}). It starts a local sandbox with sample data; connect to your account first to copy one for it.', a.label, a.file);
    void vscode.window.showInformationMessage(message);
    return json;
  });
}
