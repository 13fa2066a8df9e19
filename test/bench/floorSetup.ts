/**
 * What the floor bench (floor.ts) and the start-up trace (trace-start.ts) set up alike: the floor extension
 * (test/bench/floor/) packaged for code-server, with our tree's menus copied onto its "Menus floor" view; the
 * sandbox's configurations; a fresh window before each start.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Webhook } from '../../src/core/api/schemas';
import { EVENT_TYPES } from '../../src/core/events';
import { KNOWN_ENVS as ENV_TYPES } from '../../src/core/model';
import { newId } from '../../src/core/samples/random';
import type { Sandbox } from '../../src/sandbox';
import { scratchDir } from '../harness/codeServer';
import { reloadWindow, runCommand } from '../ui/workbench';

const FLOOR = path.join(__dirname, 'floor');

/**
 * The floor as a .vsix (installed into code-server beside ours: one development extension per window). Its
 * "Menus floor" view gets our view/item/context menus, retargeted at it (the same when clauses, inline actions
 * and icons, commands that do nothing): what VS Code costs to render rows with our menus. `registrations`: the floor
 * also makes every registration ours makes at activation (floor/extension.js, registerLikeOurs).
 */
export function floorVsix(registrations = false): string {
  const name = registrations ? 'floor-registrations' : 'floor';
  const dir = path.join(scratchDir(), name);
  fs.cpSync(FLOOR, dir, { recursive: true });
  const ours = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
  const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
  /** A manifest string as VS Code shows it: a `%key%` from package.nls.json, else itself. */
  const localized = (text: string): string => (/^%.+%$/.test(text) ? (nls[text.slice(1, -1)] ?? text) : text);
  const floor = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  const ids = new Map<string, string>();
  const idOf = (command: string): string => ids.get(command) ?? (ids.set(command, `floor.m.${ids.size}`), ids.get(command) as string);
  const menus = (ours.contributes.menus['view/item/context'] ?? []).map((m) => ({ ...m, command: idOf(m.command), when: m.when.replaceAll('view == transcrypts.webhooks', 'view == floor.menus').replaceAll('transcrypts.', 'floor.') }));
  floor.contributes.menus['view/item/context'] = [...(floor.contributes.menus['view/item/context'] ?? []), ...menus];
  // `registrations`: every command, tool and task type of ours too, and the floor makes our registrations
  // (floor/extension.js, registerLikeOurs): VS Code's cost of them, apart from our own work.
  if (registrations) {
    for (const c of ours.contributes.commands) idOf(c.command);
    floor.contributes.languageModelTools = (ours.contributes.languageModelTools ?? []).map((t) => ({
      ...t,
      name: t.name.replace(/^transcrypts_/, 'floor_'),
      ...(t.toolReferenceName ? { toolReferenceName: t.toolReferenceName.replace(/^transcrypts/, 'floor') } : {}),
      displayName: localized(t.displayName),
      modelDescription: localized(t.modelDescription),
      ...(t.userDescription ? { userDescription: localized(t.userDescription) } : {}),
    }));
    floor.contributes.taskDefinitions = [{ type: 'floor-listen', properties: {} }];
    floor.contributes.mcpServerDefinitionProviders = [{ id: 'floor.mcp', label: 'Floor' }];
    floor.floorRegistrations = true;
  }
  for (const [command, id] of ids) {
    const c = ours.contributes.commands.find((x) => x.command === command);
    floor.contributes.commands.push({ command: id, title: c ? localized(c.title) : command, ...(c?.icon ? { icon: c.icon } : {}) });
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(floor, null, 2));
  return packageVsix(dir, `${name}.vsix`);
}

/** The bench's profiler of the extension host (test/bench/hostprofile/, floor.ts with BENCH_HOST_PROFILE) as a .vsix. */
export function hostProfileVsix(): string {
  const dir = path.join(scratchDir(), 'hostprofile');
  fs.cpSync(path.join(__dirname, 'hostprofile'), dir, { recursive: true });
  return packageVsix(dir, 'hostprofile.vsix');
}

function packageVsix(dir: string, name: string): string {
  const out = path.join(scratchDir(), name);
  execFileSync(path.join(__dirname, '..', '..', 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--allow-star-activation', '-o', out], { cwd: dir, stdio: 'ignore' });
  return out;
}

interface Tool {
  name: string;
  toolReferenceName?: string;
  displayName: string;
  modelDescription: string;
  userDescription?: string;
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when: string; group?: string }>>;
    languageModelTools?: Tool[];
    taskDefinitions?: Array<{ type: string; properties: object }>;
    mcpServerDefinitionProviders?: Array<{ id: string; label: string }>;
  };
  floorRegistrations?: boolean;
}

/** `count` configurations across the three environments; the first (the sandbox's first) is returned. */
export function seedConfigurations(sandbox: Sandbox, count: number): Webhook {
  const now = new Date().toISOString();
  const all: Webhook[] = [];
  for (let i = 0; i < count; i++) {
    all.push({ id: newId(), name: `Receiver ${String(i).padStart(4, '0')}`, webhook_url: `https://hooks${i}.example.com/transcrypts`, events: [...EVENT_TYPES], env_type: ENV_TYPES[i % 3] ?? 'sandbox', enabled: i % 7 !== 0, created_at: now, updated_at: now });
  }
  sandbox.store.putWebhooks(all);
  return all[0] as Webhook;
}

/** A fresh window (activation counts), its editors closed, code-server's own start-up settled. */
export async function freshWindow(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  // Neither view is restored by the reload: a hidden tree of 1,000 items re-renders its rows at every context key
  // change the other extension makes (30 ms each here), which would count against the one measured next.
  await runCommand(page, 'View: Show Explorer');
  await reloadWindow(page);
  await page.locator('.part.activitybar a.action-label[aria-label^="Floor"]').waitFor({ timeout: 90_000 });
  await page.waitForTimeout(4000);
}
