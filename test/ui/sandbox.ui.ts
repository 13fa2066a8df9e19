import { strict as assert } from 'node:assert';
import { page } from './hooks';
import { notification, openContainer, runCommand } from './workbench';

describe('UI: the Transcrypts container and the local sandbox', () => {
  it('shows the Transcrypts container with its view, titled whole, and its welcome', async () => {
    const p = page();
    await openContainer(p, 'Transcrypts');
    // A container with one view hides the pane header; the view is named as its container, so the side bar's
    // title is the one word, whole at the default width (it read "TRANSCRYPTS: WEBHO…", m16).
    await p.locator('.pane-header[aria-label="Transcrypts Section"]').waitFor({ state: 'attached', timeout: 30_000 });
    const heading = p.locator('.part.sidebar .composite.title .title-label h2');
    assert.equal(((await heading.textContent()) ?? '').trim(), 'Transcrypts');
    assert.ok(await heading.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the title is not cut');
    const welcome = p.locator('.welcome-view-content', { hasText: 'See and change your Transcrypts webhook configurations here.' });
    await welcome.waitFor({ timeout: 30_000 });
    assert.equal(await welcome.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).count(), 1);
    assert.equal(await welcome.getByRole('button', { name: 'Connect to Transcrypts', exact: true }).count(), 1);
    // A clean start shows no error (a manifest VS Code refuses in part, e.g. a jsonValidation URL, would).
    const errors = await p.locator('.notifications-toasts .notification-list-item', { has: p.locator('.codicon-error') }).allTextContents();
    assert.deepEqual(errors, []);
  });

  it('starts the sandbox from the palette; the announced URL serves the API; it stops', async () => {
    const p = page();
    await runCommand(p, 'Transcrypts: Start Local Sandbox');
    const toast = notification(p, /Local sandbox listening on http:\/\/127\.0\.0\.1:\d+\/v1\//);
    await toast.waitFor({ timeout: 30_000 });
    const url = /http:\/\/127\.0\.0\.1:\d+\/v1\//.exec((await toast.textContent()) ?? '')?.[0];
    assert.ok(url);
    const res = await fetch(`${url}webhooks/`);
    assert.equal(res.status, 401, 'the sandbox answers, and wants keys');
    assert.deepEqual(await res.json(), { error: { code: 'authentication_failed', message: 'Authentication credentials were not provided.' } });
    await runCommand(p, 'Transcrypts: Stop Local Sandbox');
    await notification(p, 'The local sandbox stopped.').waitFor({ timeout: 30_000 });
    await assert.rejects(fetch(`${url}webhooks/`));
  });
});
