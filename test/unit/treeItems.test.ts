/** The Webhooks tree's rows as pure views of plain facts (src/vscode/view/itemViews.ts), in plain Node. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Webhook } from '../../src/core/api/schemas';
import { countText } from '../../src/shared/display';
import { allContextValues } from '../../src/vscode/view/contextValue';
import { environmentView, eventView, messageView, moreView, webhookTooltip, webhookView, type EnvironmentFacts, type WebhookFacts } from '../../src/vscode/view/itemViews';

const env = (o: Partial<EnvironmentFacts> = {}): EnvironmentFacts => ({
  env: 'sandbox',
  state: 'loaded',
  count: 3,
  shown: 3,
  filter: '',
  foreign: false,
  stale: false,
  readOnly: false,
  allowProductionListen: false,
  local: false,
  ...o,
});

const hook = (o: Partial<Webhook> = {}): Webhook => ({ id: 'wh_1', name: 'Orders', webhook_url: 'https://hooks.example.com/orders', env_type: 'sandbox', events: ['order-created'], ...o });
const facts = (o: Partial<WebhookFacts> = {}): WebhookFacts => ({ webhook: hook(), deleting: false, failing: false, writable: true, ...o });

describe('tree items as views', () => {
  it('describes a group by its state, count, filter, staleness and Listen target, the target first', () => {
    assert.equal(environmentView(env()).description, '3 configurations');
    assert.equal(environmentView(env({ count: 1, shown: 1 })).description, '1 configuration');
    assert.equal(environmentView(env({ count: 10, shown: 2, filter: 'ord' })).description, '2 of 10');
    assert.equal(environmentView(env({ state: 'loading' })).description, 'loading…');
    assert.equal(environmentView(env({ state: 'nosecret' })).description, 'no secret');
    assert.equal(environmentView(env({ state: 'error' })).description, 'failed to load');
    assert.equal(environmentView(env({ stale: true })).description, '3 configurations · updating…');
    // Staleness and foreignness speak only of a loaded list.
    assert.equal(environmentView(env({ stale: true, foreign: true, state: 'loading' })).description, 'loading…');
    const listening = environmentView(env({ listening: 'localhost:3000', stale: true }));
    assert.equal(listening.description, 'listening → localhost:3000 · 3 configurations · updating…');
    assert.match(listening.tooltip ?? '', /New deliveries are forwarded to localhost:3000 \(Listen\)\.$/);
    assert.equal(listening.contextValue, 'environment;connected;writable;listening;listenable');
    assert.equal(listening.ariaLabel, 'Sandbox environment, listening → localhost:3000 · 3 configurations · updating…');
  });

  it('offers Listen on Production only with the setting and not read-only; says what a local Production holds', () => {
    assert.equal(environmentView(env({ env: 'prod' })).contextValue, 'environment;connected;writable');
    assert.equal(environmentView(env({ env: 'prod', allowProductionListen: true })).contextValue, 'environment;connected;writable;listenable');
    assert.equal(environmentView(env({ env: 'prod', allowProductionListen: true, readOnly: true })).contextValue, 'environment;connected;readonly');
    assert.match(environmentView(env({ env: 'prod' })).tooltip ?? '', /^Production: live, billed data\./);
    assert.match(environmentView(env({ env: 'prod', local: true })).tooltip ?? '', /^Production of the local sandbox: sample data/);
    assert.deepEqual(environmentView(env({ env: 'prod' })).icon, { id: 'flame', color: 'charts.red' });
  });

  it('shows a group of another env_type as it is, read-only, with its name made visible', () => {
    const v = environmentView(env({ env: 'staging\u202E', foreign: true }));
    assert.equal(v.label, 'staging\\u202E');
    assert.equal(v.description, '3 configurations · read-only');
    assert.equal(v.contextValue, 'environment;foreign;readonly');
    assert.deepEqual(v.icon, { id: 'server-environment' });
  });

  it('marks a configuration by its state: deleting, disabled, failing, enabled, or active where the platform has no enabled field', () => {
    assert.deepEqual(webhookView(facts()).icon, { id: 'radio-tower' });
    assert.equal(webhookView(facts()).contextValue, 'webhook;nostate;idle;writable');
    assert.equal(webhookView(facts({ webhook: hook({ enabled: true }) })).contextValue, 'webhook;enabled;idle;writable');
    assert.deepEqual(webhookView(facts({ webhook: hook({ enabled: false }), failing: true })).icon, { id: 'circle-slash', color: 'disabledForeground' });
    const failing = webhookView(facts({ failing: true }));
    assert.deepEqual(failing.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(failing.contextValue, 'webhook;nostate;failing;idle;writable');
    const deleting = webhookView(facts({ deleting: true }));
    assert.equal(deleting.label, 'Deleting Orders…');
    assert.equal(deleting.contextValue, 'webhook;nostate;busy;readonly');
    assert.equal(webhookView(facts({ writable: false })).contextValue, 'webhook;nostate;idle;readonly');
    assert.equal(webhookView(facts({ webhook: hook({ events: [] }) })).collapsible, 'none');
  });

  it('puts the configurations file\'s difference first in the description and in the screen reader\'s label', () => {
    const v = webhookView(facts({ outOfSync: ['webhook_url'] }));
    assert.equal(v.description, '≠ file · hooks.example.com/orders');
    assert.equal(v.ariaLabel, 'Orders, active, https://hooks.example.com/orders, differs from the configurations file');
    assert.match(webhookTooltip(hook(), undefined, ['webhook_url', 'events']), /\| Configurations file \| differs in webhook_url, events: Plan shows how \|/);
  });

  it('writes server text into the tooltip\'s Markdown escaped, table cells unbroken, dates only when real', () => {
    const md = webhookTooltip(hook({ name: '**bold** [x](command:evil)', webhook_url: 'https://a.example/|b', created_at: 'yesterday', updated_at: '2026-11-27T14:03:09Z' }), { attempts: 4, failed: 1, rate: 0.25 });
    assert.doesNotMatch(md, /\[x\]\(command:/);
    // The pipe stays escaped once (`\|`): escaped twice, Markdown would read a backslash and end the cell there.
    assert.ok(md.includes('| URL | https\\://a\\.example/\\|b |\n'), md);
    assert.match(md, /\| Created \| _not a date_ \|/);
    assert.match(md, /\| Updated \| 2026-11-27 14:03:09 UTC \|/);
    assert.match(md, /\| Recent deliveries \| 1 of 4 failed \(25%\) \|/);
  });

  it('produces only context values the manifest\'s when-clauses are held against, for any facts', () => {
    const known = new Set(allContextValues());
    fc.assert(
      fc.property(
        fc.record({ state: fc.constantFrom('nosecret', 'loading', 'loaded', 'error'), env: fc.constantFrom('sandbox', 'dev', 'prod', 'other'), foreign: fc.boolean(), readOnly: fc.boolean(), allowProductionListen: fc.boolean(), listening: fc.option(fc.string(), { nil: undefined }) }),
        fc.record({ deleting: fc.boolean(), failing: fc.boolean(), writable: fc.boolean(), enabled: fc.option(fc.boolean(), { nil: undefined }) }),
        (e, w) => {
          assert.ok(known.has(environmentView(env(e)).contextValue), environmentView(env(e)).contextValue);
          const v = webhookView(facts({ ...w, webhook: hook(w.enabled === undefined ? {} : { enabled: w.enabled }) }));
          assert.ok(known.has(v.contextValue), v.contextValue);
          assert.ok(known.has(eventView('x', w.writable).contextValue));
          assert.ok(known.has(messageView(e.env, 'error', 'x', w.writable).contextValue));
        },
      ),
    );
  });

  it('ends a partly shown group with how many are shown, of how many, and where Show More is (not a button)', () => {
    const v = moreView(2000, 2500, 2000);
    assert.equal(v.label, '2,000 of 2,500 configurations shown');
    assert.match(v.tooltip ?? '', /shows 500 more; Filter… finds one/);
    assert.equal(v.contextValue, 'more');
    assert.match(v.ariaLabel ?? '', /Show More Configurations is in this row's context menu/);
    assert.equal(environmentView(env({ count: 50_000 })).description, '50,000 configurations');
    assert.equal(environmentView(env({ count: 50_000, shown: 1_234, filter: 'x' })).description, '1,234 of 50,000');
  });

  it('writes counts as en-US does, without asking ICU (any count)', () => {
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double()), (n) => assert.equal(countText(n), n.toLocaleString('en-US'))), { numRuns: 2000 });
  });
});
