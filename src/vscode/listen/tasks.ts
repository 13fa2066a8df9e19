/**
 * The `transcrypts-listen` task type: a tasks.json entry (or a launch configuration's `preLaunchTask`) starts the
 * forwarding with the same terminal as the command; the task runs until the listening stops.
 */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import type { Connection } from '../connection/connection';
import { setting } from '../platform/settings/read';
import type { Listening } from './listening';
import { DEFAULT_FORWARD_TO, LISTEN_TASK_TYPE, requestOfTask, shortTarget, type ListenTaskDefinition } from './request';

export const LISTEN_PROBLEM_MATCHER = '$transcrypts-listen';

export function registerListenTasks(listening: Listening, connection: Connection, lastUrl: () => string | undefined): vscode.Disposable {
  const build = (definition: ListenTaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace, name?: string): vscode.Task => {
    const label = name ?? vscode.l10n.t('listen {0} → {1}', String(definition.environment ?? '?'), shortTarget(String(definition.forwardTo ?? DEFAULT_FORWARD_TO)));
    const execution = new vscode.CustomExecution(async () => {
      const request = requestOfTask(definition);
      if (typeof request === 'string') return new InvalidTask(request);
      return listening.forTask(request);
    });
    // A background task whose problem matcher says when the forwarding has started: a launch configuration's
    // preLaunchTask waits for that, not for the end.
    const task = new vscode.Task(definition, scope, label, 'transcrypts', execution, LISTEN_PROBLEM_MATCHER);
    task.isBackground = true;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: false };
    return task;
  };
  return vscode.tasks.registerTaskProvider(LISTEN_TASK_TYPE, {
    // One per connected environment (production only when the setting allows it), to the last URL used.
    provideTasks: () =>
      connection.environments
        .filter((e) => e !== 'prod' || setting('listen.allowProduction'))
        .map((env) => build({ type: LISTEN_TASK_TYPE, environment: env, forwardTo: lastUrl() ?? DEFAULT_FORWARD_TO }, vscode.TaskScope.Workspace, vscode.l10n.t('listen {0} → {1}', envLabel(env), shortTarget(lastUrl() ?? DEFAULT_FORWARD_TO)))),
    resolveTask: (task) => {
      const d = task.definition as ListenTaskDefinition;
      return d.type === LISTEN_TASK_TYPE ? build(d, task.scope ?? vscode.TaskScope.Workspace, task.name) : undefined;
    },
  });
}

/** A task whose definition is wrong: it says why, and ends with exit code 1. */
class InvalidTask implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  constructor(private readonly message: string) {}
  open(): void {
    this.writes.fire(`\x1b[31m${this.message}\x1b[0m\r\n`);
    this.closes.fire(1);
  }
  close(): void {
    this.writes.dispose();
    this.closes.dispose();
  }
}
