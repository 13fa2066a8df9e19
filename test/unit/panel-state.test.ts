/** The history panel's stored state is validated field by field: only the valid part is kept. */
import { strict as assert } from 'node:assert';
import { parsePanelState } from '../../src/shared/state';

describe('history panel state from the webview or a reload', () => {
  it('keeps a valid state as it is', () => {
    const state = {
      scope: { env: 'dev', title: 'Orders', webhookId: 'w1', webhookUrl: 'https://e.com/h' },
      server: { eventType: 'order-created', statusCode: 503, from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T23:59:59.999Z' },
      local: { statusClass: '5xx', text: 'acme' },
      selectedKey: 4,
      selected: { webhook_id: 'd1', event_created_at: '2026-11-01T10:00:00Z', status_code: null },
      autoRefresh: true,
    };
    assert.deepEqual(parsePanelState(state), state);
  });

  it('drops what is not valid and refuses a state without a scope', () => {
    assert.equal(parsePanelState(undefined), undefined);
    assert.equal(parsePanelState({ scope: { env: '', title: 'x' } }), undefined);
    assert.equal(parsePanelState({ scope: { env: 'dev' } }), undefined);
    assert.equal(parsePanelState([{ scope: { env: 'dev', title: 'x' } }]), undefined);
    const parsed = parsePanelState({
      scope: { env: 'dev', title: 'Dev', webhookUrl: 42, extra: '<script>' },
      server: { eventType: 7, statusCode: 99_999, from: 'yesterday', to: '2026-11-02T00:00:00Z', injected: true },
      local: { statusClass: 'teapot', text: 12 },
      selectedKey: 'one',
      selected: { webhook_id: 'd1' },
      autoRefresh: 'yes',
      __proto__: { polluted: true },
    });
    assert.deepEqual(parsed, { scope: { env: 'dev', title: 'Dev', webhookId: undefined, webhookUrl: undefined }, server: { to: '2026-11-02T00:00:00Z' }, local: {}, selected: undefined, autoRefresh: false });
  });
});
