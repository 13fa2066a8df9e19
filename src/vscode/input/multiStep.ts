/**
 * A multi-step quick input with Back (after the VS Code extension sample's multiStepInput): each step is a
 * function returning the next; Back returns to the previous step with its value kept; Escape cancels the whole
 * flow (nothing is sent).
 */
import * as vscode from 'vscode';

export class FlowCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}
class FlowBack extends Error {}

export type InputStep = (input: MultiStepInput) => Thenable<InputStep | void>;

interface Common {
  title: string;
  step: number;
  totalSteps: number;
}

export interface PickOptions<T extends vscode.QuickPickItem> extends Common {
  items: T[];
  placeholder: string;
  canSelectMany?: boolean;
  selected?: T[];
  active?: T;
}

export interface BoxOptions extends Common {
  value: string;
  prompt: string;
  placeholder?: string;
  password?: boolean;
  /** A message to show at once (a server's field error), cleared when the value changes. */
  initialMessage?: string;
  validate: (value: string) => string | undefined | vscode.InputBoxValidationMessage;
}

export class MultiStepInput {
  private readonly steps: InputStep[] = [];

  /**
   * Runs the flow; resolves false when the user cancelled. `earlier` are the steps before `start` (when a
   * flow resumes at a later step, Back still leads to them).
   */
  static async run(start: InputStep, earlier: InputStep[] = []): Promise<boolean> {
    const input = new MultiStepInput();
    input.steps.push(...earlier);
    return input.stepThrough(start);
  }

  private async stepThrough(start: InputStep): Promise<boolean> {
    let step: InputStep | void = start;
    while (step) {
      this.steps.push(step);
      try {
        step = await step(this);
      } catch (e) {
        if (e instanceof FlowBack) {
          this.steps.pop();
          step = this.steps.pop();
        } else if (e instanceof FlowCancelled) {
          return false;
        } else {
          throw e;
        }
      }
    }
    return true;
  }

  async pick<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T[]> {
    const qp = vscode.window.createQuickPick<T>();
    const disposables: vscode.Disposable[] = [qp];
    try {
      return await new Promise<T[]>((resolve, reject) => {
        qp.title = o.title;
        qp.step = o.step;
        qp.totalSteps = o.totalSteps;
        qp.placeholder = o.placeholder;
        qp.canSelectMany = o.canSelectMany ?? false;
        qp.ignoreFocusOut = true;
        qp.matchOnDescription = true;
        qp.items = o.items;
        if (o.selected) qp.selectedItems = o.selected;
        if (o.active) qp.activeItems = [o.active];
        qp.buttons = this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        let settled = false;
        disposables.push(
          onBack(qp, () => {
            settled = true;
            reject(new FlowBack());
          }),
          qp.onDidAccept(() => {
            const chosen = o.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems];
            if (!o.canSelectMany && chosen.length === 0) return;
            settled = true;
            resolve(chosen);
          }),
          qp.onDidHide(() => {
            if (!settled) reject(new FlowCancelled());
          }),
        );
        qp.show();
      });
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  }

  async box(o: BoxOptions): Promise<string> {
    const ib = vscode.window.createInputBox();
    const disposables: vscode.Disposable[] = [ib];
    try {
      return await new Promise<string>((resolve, reject) => {
        ib.title = o.title;
        ib.step = o.step;
        ib.totalSteps = o.totalSteps;
        ib.value = o.value;
        ib.prompt = o.prompt;
        ib.placeholder = o.placeholder;
        ib.password = o.password ?? false;
        ib.ignoreFocusOut = true;
        ib.buttons = this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : [];
        ib.validationMessage = o.initialMessage ? { message: o.initialMessage, severity: vscode.InputBoxValidationSeverity.Error } : undefined;
        let settled = false;
        const initial = o.value;
        disposables.push(
          onBack(ib, () => {
            settled = true;
            reject(new FlowBack());
          }),
          ib.onDidChangeValue((v) => {
            if (o.initialMessage && v === initial) return;
            ib.validationMessage = o.validate(v);
          }),
          ib.onDidAccept(() => {
            const problem = o.validate(ib.value);
            const blocking = typeof problem === 'string' || (problem && problem.severity === vscode.InputBoxValidationSeverity.Error);
            if (blocking || (o.initialMessage && ib.value === initial)) {
              ib.validationMessage = problem ?? (o.initialMessage ? { message: o.initialMessage, severity: vscode.InputBoxValidationSeverity.Error } : undefined);
              return;
            }
            settled = true;
            resolve(ib.value);
          }),
          ib.onDidHide(() => {
            if (!settled) reject(new FlowCancelled());
          }),
        );
        ib.show();
      });
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  }
}

function onBack(input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox, back: () => void): vscode.Disposable {
  return input.onDidTriggerButton((b) => {
    if (b === vscode.QuickInputButtons.Back) back();
  });
}
