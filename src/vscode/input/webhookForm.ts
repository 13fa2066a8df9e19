/**
 * The configuration form as one multi-step input: environment, name, URL, events. Back keeps what was typed,
 * every step validates as the user types, Escape cancels with nothing sent. It can resume at a field with a
 * server's message (a 400), or run a single field (Rename, Edit URL, Edit Events).
 */
import * as vscode from 'vscode';
import { EVENT_FAMILIES, EVENT_TYPES, isKnownEventType, type EventType } from '../../core/events';
import { envLabel, LIMITS, isLoopbackHost, webhookUrlProblem, type EnvType } from '../../core/model';
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

/** Why a free event type cannot be sent, or undefined (any non-empty value without spaces). */
export function eventTypeProblem(v: string): string | undefined {
  if (v.trim() === '') return 'Enter an event type, such as payment-created.';
  if (/\s/.test(v.trim())) return 'An event type has no spaces.';
  return undefined;
}

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
    env: o.initial.env ?? o.envs[0] ?? 'dev',
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
      const items = o.envs.map((e) => ({ label: envLabel(e), description: e === 'prod' ? 'live, billed' : e === 'dev' ? 'live, capped' : e === 'sandbox' ? 'test data' : e, env: e }));
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
      const other = { label: '$(add) Other event type…', description: 'one the list does not have yet', event: undefined as EventType | undefined };
      const items: Array<vscode.QuickPickItem & { event?: EventType }> = [all];
      // Grouped by family, from the one event table; the model platform's additions say so.
      for (const family of EVENT_FAMILIES) {
        items.push({ label: family.label, kind: vscode.QuickPickItemKind.Separator });
        for (const e of family.events) items.push({ label: e.type, description: e.source === 'Truv' ? 'documented by the model platform' : undefined, event: e.type });
      }
      // Event types the platform sent that we do not know: shown as they are, kept unless unticked.
      const unknown = v.events.filter((e) => !isKnownEventType(e));
      items.push({ label: 'Other', kind: vscode.QuickPickItemKind.Separator });
      for (const e of unknown) items.push({ label: e, description: 'not in the documented list', event: e });
      items.push(other);
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
      const picked = chosen.flatMap((c) => (c.event ? [c.event] : []));
      v.events = chosen.includes(all) ? [...new Set([...EVENT_TYPES, ...picked])] : picked;
      return chosen.includes(other) ? otherEvent : next('events');
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

  const otherEvent: InputStep = async (input) => {
    const value = (
      await input.box({
        title: o.title,
        step: at('events'),
        totalSteps: total,
        value: '',
        prompt: 'An event type to subscribe to, exactly as the platform names it',
        placeholder: 'payment-created',
        validate: eventTypeProblem,
      })
    ).trim();
    if (!v.events.includes(value)) v.events = [...v.events, value];
    return steps.events;
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
