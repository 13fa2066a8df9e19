/** The sandbox's API, one row an endpoint: docs/platform.md's /v1/ endpoints, then the sandbox's own controls. */
import { clearFaults, getFaults, setFaults } from './handlers/faults';
import { triggerEvent } from './handlers/events';
import { listHistory } from './handlers/history';
import { sandboxInfo } from './handlers/info';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, patchWebhook } from './handlers/webhooks';
import type { Route } from './http/router';

/** In the order `Allow` lists a path's methods. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/v1/webhooks/', handler: listWebhooks },
  { method: 'POST', pattern: '/v1/webhooks/', handler: createWebhook },
  { method: 'GET', pattern: '/v1/webhooks/:id/', handler: getWebhook },
  { method: 'PATCH', pattern: '/v1/webhooks/:id/', handler: patchWebhook },
  { method: 'DELETE', pattern: '/v1/webhooks/:id/', handler: deleteWebhook },
  { method: 'GET', pattern: '/v1/webhook-requests/', handler: listHistory },
  { method: 'GET', pattern: '/_sandbox/info/', handler: sandboxInfo },
  { method: 'POST', pattern: '/_sandbox/events/', handler: triggerEvent },
  { method: 'GET', pattern: '/_sandbox/faults/', handler: getFaults },
  { method: 'POST', pattern: '/_sandbox/faults/', handler: setFaults },
  { method: 'DELETE', pattern: '/_sandbox/faults/', handler: clearFaults },
];
