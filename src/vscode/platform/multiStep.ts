/**
 * A multi-step quick input with Back (after the VS Code extension sample's multiStepInput): each step is a
 * function returning the next; Back returns to the previous step with its value kept; Escape cancels the whole
 * flow (nothing is sent).
 */
import vscode = require('vscode');

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
  /** A change of the checked items (canSelectMany): the selection to show instead, or undefined to keep it. */
  onSelection?: (now: readonly T[], before: readonly T[]) => readonly T[] | undefined;
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
    qp.placeholder = o.placeholder;
    qp.canSelectMany = o.canSelectMany ?? false;
    qp.matchOnDescription = true;
    qp.items = o.items;
    if (o.selected) qp.selectedItems = o.selected;
    if (o.active) qp.activeItems = [o.active];
    let before: readonly T[] = qp.selectedItems;
    return this.show(qp, o, (done) => [
      qp.onDidAccept(() => {
        const chosen = o.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems];
        if (o.canSelectMany || chosen.length > 0) done(chosen);
      }),
      qp.onDidChangeSelection((now) => {
        const instead = o.onSelection?.(now, before);
        before = instead ?? now;
        if (instead) qp.selectedItems = [...instead];
      }),
    ]);
  }

  async box(o: BoxOptions): Promise<string> {
    const ib = vscode.window.createInputBox();
    ib.value = o.value;
    ib.prompt = o.prompt;
    ib.placeholder = o.placeholder;
    ib.password = o.password ?? false;
    const initialError = o.initialMessage ? { message: o.initialMessage, severity: vscode.InputBoxValidationSeverity.Error } : undefined;
    ib.validationMessage = initialError;
    const initial = o.value;
    return this.show(ib, o, (done) => [
      ib.onDidChangeValue((v) => {
        if (o.initialMessage && v === initial) return;
        ib.validationMessage = o.validate(v);
      }),
      ib.onDidAccept(() => {
        const problem = o.validate(ib.value);
        const blocking = typeof problem === 'string' || (problem && problem.severity === vscode.InputBoxValidationSeverity.Error);
        if (blocking || (o.initialMessage && ib.value === initial)) {
          ib.validationMessage = problem ?? initialError;
          return;
        }
        done(ib.value);
      }),
    ]);
  }

  /** What every step shares: title and step counter, Back (to the previous step), Escape (cancels the flow). */
  private async show<R>(
    input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
    o: Common,
    wire: (done: (result: R) => void) => vscode.Disposable[],
  ): Promise<R> {
    input.title = o.title;
    input.step = o.step;
    input.totalSteps = o.totalSteps;
    input.ignoreFocusOut = true;
    input.buttons = this.steps.length > 1 ? [vscode.QuickInputButtons.Back] : [];
    const disposables: vscode.Disposable[] = [input];
    try {
      return await new Promise<R>((resolve, reject) => {
        let settled = false;
        const settle = (f: () => void) => {
          settled = true;
          f();
        };
        disposables.push(
          input.onDidTriggerButton((b) => {
            if (b === vscode.QuickInputButtons.Back) settle(() => reject(new FlowBack()));
          }),
          input.onDidHide(() => {
            if (!settled) reject(new FlowCancelled());
          }),
          ...wire((result) => settle(() => resolve(result))),
        );
        input.show();
      });
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  }
}
