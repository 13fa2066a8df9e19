/**
 * The configuration form as one multi-step input: environment, name, URL, events. Back keeps what was typed,
 * every step validates as the user types, Escape cancels with nothing sent. It can resume at a field with a
 * server's message (a 400), or run a single field (Rename, Edit URL, Edit Events).
 */
import vscode = require('vscode');
import { EVENT_FAMILIES, EVENT_TYPES, isKnownEventType, type EventType } from '../../core/events';
import { envLabel, LIMITS, isLoopbackHost, webhookUrlProblem, type EnvType } from '../../core/model';
import { MultiStepInput, type InputStep } from '../platform/multiStep';

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
  /** The title once the environment is known (every step after the environment's names it). */
  titleIn?: (env: EnvType) => string;
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
  /**
   * What the connection talks to, so the form says what is true of it (m12): a local sandbox's environments hold
   * sample data, and an event type is "not in the documents" only of a platform whose documents lack it.
   * Default: the Transcrypts platform itself.
   */
  platform?: { local: boolean; profile: string };
}

/** Why a free event type cannot be sent, or undefined (any non-empty value without spaces). */
export function eventTypeProblem(v: string): string | undefined {
  if (v.trim() === '') return vscode.l10n.t('Enter an event type, such as payment-created.');
  if (/\s/.test(v.trim())) return vscode.l10n.t('An event type has no spaces.');
  return undefined;
}

export function nameProblem(v: string): string | undefined {
  if (v.trim() === '') return vscode.l10n.t('Enter a name (1 to {0} characters).', LIMITS.nameMax);
  if (v.length > LIMITS.nameMax) return vscode.l10n.t('The name is {0} characters long; the limit is {1}.', v.length, LIMITS.nameMax);
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
  return new WebhookForm(o).run();
}

/** The form's steps, one method each, over one set of values; the order depends on the options. */
class WebhookForm {
  private readonly v: FormValues;
  private readonly order: FormField[];
  private message: FormOptions['resume'];
  private readonly steps: Record<FormField, InputStep>;

  constructor(private readonly o: FormOptions) {
    this.v = {
      env: o.initial.env ?? o.envs[0] ?? 'dev',
      name: o.initial.name ?? '',
      url: o.initial.url ?? '',
      events: o.initial.events ?? [],
      enabled: o.initial.enabled ?? true,
    };
    this.order = o.only ? [o.only] : [...(o.fixedEnv ? [] : (['env'] as const)), 'name', 'url', 'events', ...(o.withEnabled ? (['enabled'] as const) : [])];
    this.message = o.resume;
    this.steps = {
      env: (input) => this.env(input),
      name: (input) => this.name(input),
      url: (input) => this.url(input),
      events: (input) => this.events(input),
      enabled: (input) => this.enabled(input),
    };
  }

  async run(): Promise<FormValues | undefined> {
    const { order, o } = this;
    const first = o.resume && order.includes(o.resume.field) ? o.resume.field : (order[0] as FormField);
    const earlier = order.slice(0, order.indexOf(first)).map((f) => this.steps[f]);
    const done = await MultiStepInput.run(this.steps[first], earlier);
    return done ? this.v : undefined;
  }

  /** Title, step number and total of a field's step. */
  private frame(f: FormField): { title: string; step: number; totalSteps: number } {
    const title = f !== 'env' && this.o.titleIn ? this.o.titleIn(this.v.env) : this.o.title;
    return { title, step: this.order.indexOf(f) + 1, totalSteps: this.order.length };
  }

  /** The server's message for this field, once. */
  private takeMessage(f: FormField): string | undefined {
    if (this.message?.field !== f) return undefined;
    const m = this.message.message;
    this.message = undefined;
    return m;
  }

  private next(f: FormField): InputStep | undefined {
    const i = this.order.indexOf(f);
    return i >= 0 && i + 1 < this.order.length ? this.steps[this.order[i + 1] as FormField] : undefined;
  }

  private async env(input: MultiStepInput): Promise<InputStep | undefined> {
    const m = this.takeMessage('env');
    const local = this.o.platform?.local === true;
    const about = (e: EnvType) =>
      local ? vscode.l10n.t('sample data on this machine') : e === 'prod' ? vscode.l10n.t('live, billed') : e === 'dev' ? vscode.l10n.t('live, capped') : e === 'sandbox' ? vscode.l10n.t('test data') : e;
    const items = this.o.envs.map((e) => ({ label: envLabel(e), description: about(e), env: e }));
    const [picked] = await input.pick({
      ...this.frame('env'),
      placeholder: m ?? vscode.l10n.t('Which environment sends events to this URL?'),
      items,
      active: items.find((i) => i.env === this.v.env),
    });
    if (picked) this.v.env = picked.env;
    return this.next('env');
  }

  private async name(input: MultiStepInput): Promise<InputStep | undefined> {
    this.v.name = await input.box({
      ...this.frame('name'),
      value: this.v.name,
      prompt: vscode.l10n.t('A name for this configuration (1 to {0} characters)', LIMITS.nameMax),
      placeholder: vscode.l10n.t('Payroll receiver'),
      initialMessage: this.takeMessage('name'),
      validate: nameProblem,
    });
    return this.next('name');
  }

  private async url(input: MultiStepInput): Promise<InputStep | undefined> {
    this.v.url = (
      await input.box({
        ...this.frame('url'),
        value: this.v.url,
        prompt: vscode.l10n.t('The URL that receives the signed POSTs (https://, or http:// on localhost)'),
        placeholder: vscode.l10n.t('https://example.com/webhooks/transcrypts'),
        initialMessage: this.takeMessage('url'),
        validate: (s) => {
          const p = webhookUrlProblem(s.trim());
          if (p) return p;
          if (needsHttpConfirmation(s.trim())) {
            return { message: vscode.l10n.t('Plain http:// off localhost sends payroll data unencrypted; you will be asked to confirm.'), severity: vscode.InputBoxValidationSeverity.Warning };
          }
          return undefined;
        },
      })
    ).trim();
    return needsHttpConfirmation(this.v.url) ? (i) => this.confirmHttp(i) : this.next('url');
  }

  private async events(input: MultiStepInput): Promise<InputStep | undefined> {
    const m = this.takeMessage('events');
    const { items, all, other } = eventItems(this.v.events, this.o.platform?.profile ?? 'transcrypts');
    const selected = items.filter((i) => i.event && this.v.events.includes(i.event));
    const chosen = await input.pick({
      ...this.frame('events'),
      placeholder: m ?? vscode.l10n.t('Events to deliver (Space to toggle, Enter to accept; none is allowed)'),
      items,
      canSelectMany: true,
      selected: withAll(selected, items, all),
      onSelection: (now, before) => allToggled(now, before, items, all),
    });
    const picked = chosen.flatMap((c) => (c.event ? [c.event] : []));
    this.v.events = chosen.includes(all) ? [...new Set([...EVENT_TYPES, ...picked])] : picked;
    return chosen.includes(other) ? (i) => this.otherEvent(i) : this.next('events');
  }

  private async enabled(input: MultiStepInput): Promise<InputStep | undefined> {
    const on = { label: vscode.l10n.t('$(pass) Enabled'), description: vscode.l10n.t('deliveries are sent'), value: true };
    const off = { label: vscode.l10n.t('$(circle-slash) Disabled'), description: vscode.l10n.t('deliveries are paused'), value: false };
    const [picked] = await input.pick({
      ...this.frame('enabled'),
      placeholder: this.takeMessage('enabled') ?? vscode.l10n.t('Deliver events to this URL?'),
      items: [on, off],
      active: this.v.enabled ? on : off,
    });
    if (picked) this.v.enabled = picked.value;
    return undefined;
  }

  private async otherEvent(input: MultiStepInput): Promise<InputStep | undefined> {
    const value = (
      await input.box({
        ...this.frame('events'),
        value: '',
        prompt: vscode.l10n.t('An event type to subscribe to, exactly as the platform names it'),
        placeholder: 'payment-created',
        validate: eventTypeProblem,
      })
    ).trim();
    if (!this.v.events.includes(value)) this.v.events = [...this.v.events, value];
    return this.steps.events;
  }

  private async confirmHttp(input: MultiStepInput): Promise<InputStep | undefined> {
    const use = { label: vscode.l10n.t('$(unlock) Use this http:// URL'), description: new URL(this.v.url).host };
    const change = { label: vscode.l10n.t('$(arrow-left) Change the URL') };
    const [picked] = await input.pick({
      ...this.frame('url'),
      placeholder: vscode.l10n.t('This URL is not HTTPS: deliveries would travel unencrypted. Use it anyway?'),
      items: [use, change],
    });
    return picked === change ? this.steps.url : this.next('url');
  }
}

type EventItem = vscode.QuickPickItem & { event?: EventType };

/** The event items of the list (not "All", not "Other…"). */
const eventsIn = (items: readonly EventItem[]) => items.filter((i) => i.event !== undefined);

/** "All events" is checked exactly when every event item is. */
function withAll(selected: readonly EventItem[], items: readonly EventItem[], all: EventItem): EventItem[] {
  const events = selected.filter((i) => i.event !== undefined);
  const every = eventsIn(items).every((i) => events.includes(i));
  return every ? [all, ...events] : events;
}

/** Checking "All events" checks every item; unchecking it unchecks every item; otherwise "All" follows the items. */
function allToggled(now: readonly EventItem[], before: readonly EventItem[], items: readonly EventItem[], all: EventItem): EventItem[] | undefined {
  const has = now.includes(all);
  const had = before.includes(all);
  const kept = now.filter((i) => i.event === undefined && i !== all);
  if (has && !had) return [all, ...eventsIn(items), ...kept];
  if (!has && had) return kept;
  const next = [...withAll(now.filter((i) => i !== all), items, all), ...kept];
  return next.length === now.length && next.every((i) => now.includes(i)) ? undefined : next;
}

/** "All events", the families from the one event table, the unknown types the configuration has, "Other…". */
function eventItems(current: readonly EventType[], profile: string): { items: EventItem[]; all: EventItem; other: EventItem } {
  const all: EventItem = { label: vscode.l10n.t('All events ({0})', EVENT_TYPES.length), description: vscode.l10n.t('subscribe to every event type') };
  const other: EventItem = { label: vscode.l10n.t('$(add) Other event type…'), description: vscode.l10n.t('one the list does not have yet') };
  const items: EventItem[] = [all];
  // Grouped by family; a type the connected platform's documents lack says so (the Truv profile documents them all).
  const foreign = (source: string) => source === 'Truv' && profile !== 'truv';
  for (const family of EVENT_FAMILIES) {
    items.push({ label: family.label(), kind: vscode.QuickPickItemKind.Separator });
    for (const e of family.events) items.push({ label: e.type, description: foreign(e.source) ? vscode.l10n.t('not in the Transcrypts documents (a Truv event type)') : undefined, event: e.type });
  }
  // Event types the platform sent that we do not know: shown as they are, kept unless unticked.
  items.push({ label: vscode.l10n.t('Other'), kind: vscode.QuickPickItemKind.Separator });
  for (const e of current.filter((x) => !isKnownEventType(x))) items.push({ label: e, description: vscode.l10n.t('not in the documented list'), event: e });
  items.push(other);
  return { items, all, other };
}
