/**
 * The manifest and the code say the same thing, in both directions: commands, settings, context keys and the
 * tree's context values. Plain Node: package.json and the source text are read as files.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONTEXT, VIEW_WEBHOOKS } from '../../src/vscode/platform/constants';
import { SETTING_SPECS, settingId, type SettingKey } from '../../src/vscode/platform/settings/spec';
import { allContextValues } from '../../src/vscode/view/contextValue';

const root = path.join(__dirname, '..', '..');

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] }; virtualWorkspaces: { supported: boolean | string } };
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsWelcome: Array<{ when?: string }>;
    walkthroughs: Array<{ steps: Array<{ id: string; description: string; completionEvents: string[]; media: { image: string; altText: string } }> }>;
    jsonValidation: Array<{ fileMatch: string[]; url: string }>;
    configuration: { properties: Record<string, { default?: unknown; minimum?: number; maximum?: number; enum?: string[] }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

const sources = new Map(sourceFiles(path.join(root, 'src')).map((f) => [path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')]));
const allSource = [...sources.values()].join('\n');

/** Every when-clause of the manifest. */
const whens: string[] = [
  ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.when ?? '')),
  ...manifest.contributes.viewsWelcome.map((v) => v.when ?? ''),
  ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => s.completionEvents.flatMap((e) => (e.startsWith('onContext:') ? [e.slice('onContext:'.length)] : [])))),
].filter((w) => w !== '');

function sameSet(actual: Iterable<string>, expected: Iterable<string>, what: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  assert.deepEqual([...a].filter((x) => !e.has(x)).sort(), [], `${what}: not expected`);
  assert.deepEqual([...e].filter((x) => !a.has(x)).sort(), [], `${what}: missing`);
}

describe('manifest ↔ code', () => {
  it('contributes exactly the command ids the code defines, and the code registers each once, through the seam', () => {
    const ids = Object.values(COMMANDS);
    sameSet(manifest.contributes.commands.map((c) => c.command), ids, 'package.json commands vs COMMANDS');
    const registered = [...allSource.matchAll(/\.register\(COMMANDS\.(\w+)/g)].map((m) => m[1] as keyof typeof COMMANDS);
    assert.equal(new Set(registered).size, registered.length, `registered twice: ${registered.join(', ')}`);
    sameSet(registered.map((k) => COMMANDS[k]), ids, 'registered vs COMMANDS');
    const direct = [...sources].filter(([f, text]) => f !== 'src/vscode/platform/commandRegistry.ts' && /registerCommand\(/.test(text)).map(([f]) => f);
    assert.deepEqual(direct, [], 'vscode.commands.registerCommand outside the seam');
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const i of items) assert.ok(ids.includes(i.command as (typeof ids)[number]), `${menu} names ${i.command}, which is not contributed`);
    }
  });

  it('contributes exactly the settings the spec reads, with the same defaults and bounds', () => {
    const props = manifest.contributes.configuration.properties;
    const keys = Object.keys(SETTING_SPECS) as SettingKey[];
    sameSet(Object.keys(props), keys.map(settingId), 'package.json settings vs settings/spec.ts');
    for (const k of keys) {
      const spec = SETTING_SPECS[k];
      const p = props[settingId(k)];
      assert.deepEqual(p?.default, spec.default, `default of ${settingId(k)}`);
      assert.equal(p?.minimum, spec.minimum, `minimum of ${settingId(k)}`);
      assert.equal(p?.maximum, spec.maximum, `maximum of ${settingId(k)}`);
      assert.deepEqual(p?.enum, spec.enum, `enum of ${settingId(k)}`);
    }
    const readers = [...sources].filter(([f, text]) => f !== 'src/vscode/platform/settings/read.ts' && /getConfiguration\(/.test(text)).map(([f]) => f);
    assert.deepEqual(readers, [], 'settings read outside settings/read.ts');
    // Setting names that messages quote ("setting transcrypts.x", "transcrypts.x setting") are contributed ones.
    const quoted = [...allSource.matchAll(/setting[s]? [`"(]?(transcrypts\.[\w.]*\w)|(transcrypts\.[\w.]*\w)[`")]? setting/g)].map((m) => m[1] ?? m[2] ?? '');
    assert.ok(quoted.length > 0, 'messages name settings');
    for (const q of quoted) assert.ok(props[q], `${q} is named in src/ but not contributed`);
    for (const w of whens) {
      for (const m of w.matchAll(/config\.(transcrypts\.[\w.]+)/g)) assert.ok(props[m[1] ?? ''], `${m[1] ?? ''} in "${w}" is not contributed`);
    }
  });

  it('gives jsonValidation a URL VS Code accepts (an absolute URL with //, or ./ into the extension) and provides it', () => {
    // VS Code's jsonValidation extension point refuses anything else with an error toast at every start.
    for (const v of manifest.contributes.jsonValidation) assert.match(v.url, /^(\.\/|[^:/?#]+:\/\/)/, v.url);
    const provider = sources.get('src/vscode/fixtures/schemaProvider.ts') ?? '';
    const [url] = manifest.contributes.jsonValidation.map((v) => v.url);
    assert.ok(url && provider.includes(url.replace(/^transcrypts-fixtures/, '${SCHEMA_SCHEME}')), 'the schema provider serves the manifest URL');
  });

  it('gives every walkthrough step a command link to a contributed command and a real screenshot (a PNG in media/, shipped)', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      const text = nls[step.description.replace(/%/g, '')] ?? step.description;
      const linked = [...text.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
      assert.ok(linked.length > 0 && linked.every((c) => commands.has(c)), `${step.id}: ${linked.join(', ') || 'no command link'}`);
      assert.match(step.media.image, /^media\/.+\.png$/, step.id);
      const png = fs.readFileSync(path.join(root, step.media.image));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${step.media.image} is a PNG`);
      assert.ok(png.readUInt32BE(16) >= 600, `${step.media.image} is a screenshot (width ${png.readUInt32BE(16)})`);
      assert.ok(step.media.altText, `${step.id} has alt text`);
    }
  });

  it('declares Restricted Mode support, limited: the folder\'s API address is among the restricted settings, each a contributed one', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    const restricted = trust.restrictedConfigurations ?? [];
    assert.ok(restricted.includes('transcrypts.apiBaseUrl'), 'a folder could send the secrets to another address');
    for (const id of restricted) assert.ok(id in manifest.contributes.configuration.properties, `${id} is not a setting`);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
  });

  it('localizes every manifest text through package.nls.json, and every key there is used', () => {
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const used = new Set([...text.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1] ?? ''));
    sameSet(used, Object.keys(nls), 'package.json placeholders vs package.nls.json');
    for (const [k, v] of Object.entries(nls)) assert.ok(v.trim() !== '', `${k} is empty`);
    const m = manifest as unknown as { displayName: string; description: string; contributes: { commands: Array<{ title: string }> } };
    for (const t of [m.displayName, m.description, ...m.contributes.commands.map((c) => c.title)]) assert.match(t, /^%[\w.-]+%$/, `${t} is not localized`);
  });

  it('claims only categories it fills (no Debuggers without a debugger)', () => {
    const m = manifest as unknown as { categories: string[]; contributes: { debuggers?: unknown[] } };
    if (m.categories.includes('Debuggers')) assert.ok((m.contributes.debuggers ?? []).length > 0, 'Debuggers without a contributed debugger');
  });

  it('sets every context key a when-clause uses, and uses every key it sets', () => {
    const used = new Set(whens.flatMap((w) => [...w.matchAll(/(?<![.\w])(transcrypts\.\w+)/g)].map((m) => m[1] ?? '')));
    used.delete(VIEW_WEBHOOKS);
    used.delete('transcrypts.history'); // the history panel's view type (activeWebviewPanelId), not a context key
    used.delete('transcrypts.receiver'); // the receiver tests' controller id (controllerId), not a context key
    sameSet(used, Object.values(CONTEXT), 'context keys in when-clauses vs CONTEXT');
    for (const key of Object.keys(CONTEXT)) {
      assert.ok(new RegExp(`setContextKey\\(CONTEXT\\.${key}\\b`).test(allSource), `CONTEXT.${key} is never set`);
    }
  });

  it('matches every viewItem clause with at least one context value a node can produce', () => {
    const values = allContextValues();
    const clauses = whens.filter((w) => w.includes('viewItem'));
    assert.ok(clauses.length > 20, 'the menus have viewItem clauses');
    for (const w of clauses) {
      const tests: Array<(v: string) => boolean> = [];
      for (const m of w.matchAll(/viewItem\s*=~\s*\/((?:\\.|[^/\\])+)\/([a-z]*)/g)) {
        const re = new RegExp(m[1] ?? '', m[2]);
        tests.push((v) => re.test(v));
      }
      for (const m of w.matchAll(/viewItem\s*==\s*([^\s&|)]+)/g)) tests.push((v) => v === m[1]);
      assert.ok(tests.length > 0, `cannot read the viewItem test of "${w}"`);
      assert.ok(values.some((v) => tests.every((t) => t(v))), `no node produces a context value for "${w}"`);
    }
    // Context values are built in one place.
    const tree = [...sources].filter(([f]) => f.startsWith('src/vscode/view/'));
    for (const [f, text] of tree) {
      // Views build them with contextValue(…); the TreeItem adapter only copies a view's.
      for (const m of text.matchAll(/contextValue(?: =|:) (.+)/g)) assert.match(m[1] ?? '', /^(contextValue\(|v\.contextValue;$|string;$)/, `${f} builds a context value by hand`);
    }
  });
});
