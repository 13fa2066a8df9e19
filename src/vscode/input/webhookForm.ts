/**
 * The configuration form as one multi-step input: environment, name, URL, events. Back keeps what was typed,
 * every step validates as the user types, Escape cancels with nothing sent. It can resume at a field with a
 * server's message (a 400), or run a single field (Rename, Edit URL, Edit Events).
 */
import * as vscode from 'vscode';
import { ENV_LABELS, EVENT_TYPES, LIMITS, isLoopbackHost, webhookUrlProblem, type EnvType, type EventType } from '../../core/model';
import { MultiStepInput, type InputStep } from './multiStep';

export interface FormValues {
  env: EnvType;
  name: string;
  url: string;
  events: EventType[];
  enabled: boolean;
}

export type FormField = 'env' | 'name' | 'url' | 'events' | 'enabled';

export interface FormOptions {
  title: string;
  initial: Partial<FormValues>;
  /** Environments the user may choose; the env step is skipped when the initial env is fixed. */
  envs: EnvType[];
  fixedEnv?: boolean;
  /** Resume at this field, showing this message (a server's 400). */
  resume?: { field: FormField; message: string };
  /** Ask only this field. */
  only?: FormField;
  /** Add the enabled/disabled step (the whole edit form). */
  withEnabled?: boolean;
}

const GROUPS: Array<[string, (e: string) => boolean]> = [
  ['Tasks and links', (e) => e.startsWith('task-') || e.startsWith('link-')],
  ['Orders', (e) => e.startsWith('order-')],
  ['Data objects', (e) => /^(employment|profile|statements|shifts|bank-accounts)-/.test(e)],
];

export function nameProblem(v: string): string | undefined {
  if (v.trim() === '') return 'Enter a name (1 to 128 characters).';
  if (v.length > LIMITS.nameMax) return `The name is ${v.length} characters long; the limit is ${LIMITS.nameMax}.`;
  return undefined;
}

/** Plain http:// to a host that is not loopback: allowed only after the user confirms. */
export function needsHttpConfirmation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && !isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

export async function webhookForm(o: FormOptions): Promise<FormValues | undefined> {
  const v: FormValues = {
    env: o.initial.env ?? o.envs[0] ?? 'sandbox',
    name: o.initial.name ?? '',
    url: o.initial.url ?? '',
    events: o.initial.events ?? [],
    enabled: o.initial.enabled ?? true,
  };
  const order: FormField[] = o.only
    ? [o.only]
    : [...(o.fixedEnv ? [] : (['env'] as const)), 'name', 'url', 'events', ...(o.withEnabled ? (['enabled'] as const) : [])];
  const total = order.length;
  const at = (f: FormField) => order.indexOf(f) + 1;
  let message = o.resume;
  const takeMessage = (f: FormField) => {
    if (message?.field !== f) return undefined;
    const m = message.message;
    message = undefined;
    return m;
  };
  const next = (f: FormField): InputStep | undefined => {
    const i = order.indexOf(f);
    return i >= 0 && i + 1 < order.length ? steps[order[i + 1] as FormField] : undefined;
  };

  const steps: Record<FormField, InputStep> = {
    env: async (input) => {
      const m = takeMessage('env');
      const items = o.envs.map((e) => ({ label: ENV_LABELS[e], description: e === 'prod' ? 'live, billed' : e === 'dev' ? 'live, capped' : 'test data', env: e }));
      const [picked] = await input.pick({
        title: o.title,
        step: at('env'),
        totalSteps: total,
        placeholder: m ?? 'Which environment sends events to this URL?',
        items,
        active: items.find((i) => i.env === v.env),
      });
      if (picked) v.env = picked.env;
      return next('env');
    },
    name: async (input) => {
      v.name = await input.box({
        title: o.title,
        step: at('name'),
        totalSteps: total,
        value: v.name,
        prompt: 'A name for this configuration (1 to 128 characters)',
        placeholder: 'Payroll receiver',
        initialMessage: takeMessage('name'),
        validate: nameProblem,
      });
      return next('name');
    },
    url: async (input) => {
      v.url = (
        await input.box({
          title: o.title,
          step: at('url'),
          totalSteps: total,
          value: v.url,
          prompt: 'The URL that receives the signed POSTs (https://, or http:// on localhost)',
          placeholder: 'https://example.com/webhooks/transcrypts',
          initialMessage: takeMessage('url'),
          validate: (s) => {
            const p = webhookUrlProblem(s.trim());
            if (p) return p;
            if (needsHttpConfirmation(s.trim())) {
              return { message: 'Plain http:// off localhost sends payroll data unencrypted; you will be asked to confirm.', severity: vscode.InputBoxValidationSeverity.Warning };
            }
            return undefined;
          },
        })
      ).trim();
      return needsHttpConfirmation(v.url) ? confirmHttp : next('url');
    },
    events: async (input) => {
      const m = takeMessage('events');
      const all = { label: `All events (${EVENT_TYPES.length})`, description: 'subscribe to every event type', event: undefined as EventType | undefined };
      const items: Array<vscode.QuickPickItem & { event?: EventType }> = [all];
      for (const [group, test] of GROUPS) {
        items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
        for (const e of EVENT_TYPES.filter(test)) items.push({ label: e, event: e });
      }
      const selected = items.filter((i) => i.event && v.events.includes(i.event));
      const chosen = await input.pick({
        title: o.title,
        step: at('events'),
        totalSteps: total,
        placeholder: m ?? 'Events to deliver (Space to toggle, Enter to accept; none is allowed)',
        items,
        canSelectMany: true,
        selected: v.events.length === EVENT_TYPES.length ? [all, ...selected] : selected,
      });
      v.events = chosen.includes(all) ? [...EVENT_TYPES] : chosen.flatMap((c) => (c.event ? [c.event] : []));
      return next('events');
    },
    enabled: async (input) => {
      const on = { label: '$(pass) Enabled', description: 'deliveries are sent', value: true };
      const off = { label: '$(circle-slash) Disabled', description: 'deliveries are paused', value: false };
      const [picked] = await input.pick({
        title: o.title,
        step: at('enabled'),
        totalSteps: total,
        placeholder: takeMessage('enabled') ?? 'Deliver events to this URL?',
        items: [on, off],
        active: v.enabled ? on : off,
      });
      if (picked) v.enabled = picked.value;
      return undefined;
    },
  };

  const confirmHttp: InputStep = async (input) => {
    const use = { label: '$(unlock) Use this http:// URL', description: new URL(v.url).host };
    const change = { label: '$(arrow-left) Change the URL' };
    const [picked] = await input.pick({
      title: o.title,
      step: at('url'),
      totalSteps: total,
      placeholder: 'This URL is not HTTPS: deliveries would travel unencrypted. Use it anyway?',
      items: [use, change],
    });
    if (picked === change) return steps.url;
    return next('url');
  };

  const first = o.resume && order.includes(o.resume.field) ? o.resume.field : (order[0] as FormField);
  const earlier = order.slice(0, order.indexOf(first)).map((f) => steps[f]);
  const done = await MultiStepInput.run(steps[first], earlier);
  return done ? v : undefined;
}
