/**
 * The Debug profile: the user's receiver started under the debugger from a launch configuration, then the cases
 * sent to it, so a breakpoint in the handler is hit. Which configuration: `transcrypts.receiver.launchConfiguration`,
 * else the one whose preLaunchTask is a `transcrypts-listen` task, else the only one.
 */
import * as net from 'node:net';
import vscode = require('vscode');
import { LISTEN_TASK_TYPE } from '../listen/request';
import { anySetting, setting } from '../platform/settings/read';

interface LaunchConfig {
  name?: unknown;
  preLaunchTask?: unknown;
}

/** How long the receiver may take to listen once its debug session started. */
const LISTEN_WITHIN_MS = 30_000;

function launchConfigs(): LaunchConfig[] {
  const configs = anySetting('launch.configurations');
  return Array.isArray(configs) ? (configs as LaunchConfig[]).filter((c) => typeof c === 'object' && c !== null && typeof c.name === 'string') : [];
}

/** The name of the launch configuration to start, or why there is none. */
export function pickLaunchConfig(): string | { problem: string } {
  const configs = launchConfigs();
  const named = setting('receiver.launchConfiguration').trim();
  if (named) return configs.some((c) => c.name === named) ? named : { problem: vscode.l10n.t('There is no launch configuration named "{0}" (transcrypts.receiver.launchConfiguration) in .vscode/launch.json.', named) };
  const tasks = anySetting('tasks.tasks');
  const listenLabels = new Set(
    (Array.isArray(tasks) ? (tasks as Array<{ type?: unknown; label?: unknown }>) : []).filter((t) => t.type === LISTEN_TASK_TYPE && typeof t.label === 'string').map((t) => t.label as string),
  );
  const withListen = configs.find((c) => typeof c.preLaunchTask === 'string' && listenLabels.has(c.preLaunchTask));
  if (withListen) return withListen.name as string;
  if (configs.length === 1) return configs[0]?.name as string;
  return {
    problem:
      configs.length === 0
        ? vscode.l10n.t('There is no launch configuration to start your receiver under the debugger: add one to .vscode/launch.json.')
        : vscode.l10n.t('Several launch configurations: name the receiver\'s in transcrypts.receiver.launchConfiguration.'),
  };
}

/** Whether something accepts connections on the URL's host and port. */
function listening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the receiver under the debugger and waits until it listens at `url`; or says why it could not. */
export async function startReceiverUnderDebugger(url: string, signal: AbortSignal): Promise<{ name: string; stop: () => Promise<void> } | string> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return vscode.l10n.t('Open the receiver\'s folder to debug it.');
  const picked = pickLaunchConfig();
  if (typeof picked !== 'string') return picked.problem;
  // The sessions this start makes (js-debug starts a parent session and a child per process): stopped at the end.
  const ours = new Set<vscode.DebugSession>();
  const started = vscode.debug.onDidStartDebugSession((s) => {
    if (s.configuration.name === picked || (s.parentSession && ours.has(s.parentSession))) ours.add(s);
  });
  const stop = async () => {
    started.dispose();
    for (const s of [...ours].filter((x) => !x.parentSession || !ours.has(x.parentSession))) await vscode.debug.stopDebugging(s);
  };
  if (!(await vscode.debug.startDebugging(folder, picked))) {
    started.dispose();
    return vscode.l10n.t('The launch configuration "{0}" did not start.', picked);
  }
  const target = new URL(url);
  const deadline = Date.now() + LISTEN_WITHIN_MS;
  while (!(await listening(target))) {
    if (signal.aborted) break;
    if (Date.now() > deadline) {
      await stop();
      return vscode.l10n.t('"{0}" started, but nothing listens on {1} after {2} s: is the receiver URL right?', picked, target.host, LISTEN_WITHIN_MS / 1000);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name: picked, stop };
}
