/**
 * Reads `transcrypts.webhooks.json` with jsonc-parser so that every problem carries its place in the file: syntax,
 * shapes, duplicate names, bad URLs and unknown variables are errors; unknown event types, environments and keys
 * are kept (a warning at most), because a newer platform may know more than we do.
 */
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../../shared/jsonDepth';
import * as l10n from '@vscode/l10n';
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isKnownEventType } from '../events';
import { KNOWN_ENVS, LIMITS, webhookUrlProblem, type EnvType } from '../model';
import { substitute } from './substitute';
import type { ConfigFileModel, DesiredConfig, Position, Problem, PromoteRule, Resolver, SourceRange } from './types';
import { partitionPoint } from '../../shared/partitionPoint';

export interface ParseOptions {
  /** The environments to expect (the setting `transcrypts.environments`); others are kept with a warning. */
  environments?: readonly string[];
}

const ENTRY_KEYS = new Set(['name', 'webhook_url', 'events', 'enabled']);

/** Offsets to 0-based lines and columns (a text's line starts, searched): the configuration file's and the fixtures'. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const line = Math.max(0, partitionPoint(this.starts.length, (i) => (this.starts[i] as number) <= offset) - 1);
    return { offset, line, column: offset - (this.starts[line] as number) };
  }

  range(offset: number, length: number): SourceRange {
    return { start: this.position(offset), end: this.position(offset + length) };
  }
}

interface Span {
  offset: number;
  length: number;
}

/** The `[key, value]` pairs of an object node. */
function propertiesOf(node: JsonNode): Array<{ key: JsonNode; value: JsonNode | undefined; name: string }> {
  const out: Array<{ key: JsonNode; value: JsonNode | undefined; name: string }> = [];
  for (const p of node.children ?? []) {
    const key = p.children?.[0];
    if (key && typeof key.value === 'string') out.push({ key, value: p.children?.[1], name: key.value });
  }
  return out;
}

function kindOf(node: JsonNode): string {
  switch (node.type) {
    case 'array': return l10n.t('a list');
    case 'object': return l10n.t('an object');
    case 'null': return 'null';
    case 'string': return l10n.t('a string');
    case 'number': return l10n.t('a number');
    case 'boolean': return l10n.t('a boolean');
    default: return `a ${node.type}`;
  }
}

class FileReader {
  readonly problems: Problem[] = [];
  private readonly lines: LineIndex;

  constructor(
    readonly text: string,
    private readonly resolve: Resolver,
    private readonly environments: readonly string[],
  ) {
    this.lines = new LineIndex(text);
  }

  range(span: Span): SourceRange {
    return this.lines.range(span.offset, span.length);
  }

  error(span: Span, message: string): void {
    this.problems.push({ severity: 'error', message, range: this.range(span) });
  }

  warn(span: Span, message: string): void {
    this.problems.push({ severity: 'warning', message, range: this.range(span) });
  }

  /** A string value with its variables replaced, or undefined after reporting why not. */
  stringOf(node: JsonNode, what: string): string | undefined {
    if (node.type !== 'string' || typeof node.value !== 'string') {
      this.error(node, l10n.t('{0} must be text, not {1}.', what, kindOf(node)));
      return undefined;
    }
    const r = substitute(node.value, this.resolve);
    if ('value' in r) return r.value;
    // The variable's place as written: the raw token holds the same `${…}` unless escapes come before it.
    const raw = this.text.slice(node.offset, node.offset + node.length);
    const written = node.value.slice(r.index, node.value.indexOf('}', r.index) + 1);
    const at = raw.indexOf(written);
    this.error(at === -1 ? node : { offset: node.offset + at, length: written.length }, r.message);
    return undefined;
  }

  /**
   * A value as the file writes it, for a message: never what its variables became (a variable may hold a secret,
   * `${env:TOKEN}`, and problems are shown in the Problems view).
   */
  writtenOf(node: JsonNode, value: string): string {
    const raw = typeof node.value === 'string' ? node.value : value;
    if (raw === value) return `"${value}"`;
    return raw.includes('${') ? l10n.t('"{0}" (after its variables were substituted)', raw) : l10n.t('"{0}" (as written)', raw);
  }

  root(model: ConfigFileModel, root: JsonNode): void {
    if (root.type !== 'object') {
      this.error(root, l10n.t('The file must be a JSON object with "environments", not {0}.', kindOf(root)));
      return;
    }
    let environments = false;
    for (const { key, value, name } of propertiesOf(root)) {
      if (!value) continue;
      if (name === 'environments') {
        environments = true;
        this.environmentsOf(model, value);
      } else if (name === 'prune') {
        if (value.type === 'boolean') model.prune = value.value === true;
        else this.error(value, l10n.t('"prune" must be true or false, not {0}.', kindOf(value)));
      } else if (name === 'promote') this.promoteOf(model, value);
      else if (name === '$schema') {
        if (value.type === 'string') model.schema = String(value.value);
        else this.error(value, l10n.t('"$schema" must be text, not {0}.', kindOf(value)));
      } else this.warn(key, l10n.t('Unknown key "{0}": it is ignored.', name));
    }
    if (!environments) this.error({ offset: root.offset, length: 1 }, l10n.t('The file has no "environments" object (for example {0}).', '{"environments": {"dev": []}}'));
  }

  environmentsOf(model: ConfigFileModel, node: JsonNode): void {
    if (node.type !== 'object') {
      this.error(node, l10n.t('"environments" must be an object of environment → list of configurations, not {0}.', kindOf(node)));
      return;
    }
    for (const { key, value, name } of propertiesOf(node)) {
      if (!value) continue;
      if (name in model.desired) {
        this.error(key, l10n.t('The environment "{0}" appears twice in "environments".', name));
        continue;
      }
      if (name.trim() === '') {
        this.error(key, l10n.t('An environment name cannot be empty.'));
        continue;
      }
      if (!this.environments.includes(name)) {
        this.warn(key, l10n.t('"{0}" is not one of the environments {1}; it is kept as it is.', name, this.environments.join(', ')));
      }
      model.desired[name] = this.entriesOf(name, value);
    }
  }

  entriesOf(env: EnvType, node: JsonNode): DesiredConfig[] {
    if (node.type !== 'array') {
      this.error(node, l10n.t('The environment "{0}" must hold a list of configurations, not {1}.', env, kindOf(node)));
      return [];
    }
    const out: DesiredConfig[] = [];
    const seen = new Map<string, JsonNode>();
    for (const item of node.children ?? []) {
      const entry = this.entryOf(env, item);
      if (!entry) continue;
      const first = seen.get(entry.config.name);
      if (first) {
        const line = this.lines.position(first.offset).line + 1;
        this.error(entry.nameNode, l10n.t('The name {0} is used twice in "{1}" (first on line {2}); names are the key and must be unique in an environment.', this.writtenOf(entry.nameNode, entry.config.name), env, line));
        continue;
      }
      seen.set(entry.config.name, entry.nameNode);
      out.push(entry.config);
    }
    return out;
  }

  entryOf(env: EnvType, node: JsonNode): { config: DesiredConfig; nameNode: JsonNode } | undefined {
    if (node.type !== 'object') {
      this.error(node, l10n.t('Each configuration must be an object with "name" and "webhook_url", not {0}.', kindOf(node)));
      return undefined;
    }
    const props = new Map<string, JsonNode>();
    for (const { key, value, name } of propertiesOf(node)) {
      if (!value) continue;
      if (props.has(name)) this.error(key, l10n.t('The key "{0}" appears twice in this configuration.', name));
      else if (!ENTRY_KEYS.has(name)) this.warn(key, l10n.t('Unknown key "{0}" in a configuration: it is ignored.', name));
      props.set(name, value);
    }
    const before = this.errorCount();
    const nameNode = props.get('name');
    const urlNode = props.get('webhook_url');
    if (!nameNode) this.error({ offset: node.offset, length: 1 }, l10n.t('This configuration has no "name".'));
    if (!urlNode) this.error({ offset: node.offset, length: 1 }, l10n.t('This configuration has no "webhook_url".'));
    const name = nameNode ? this.nameOf(nameNode) : undefined;
    const url = urlNode ? this.urlOf(urlNode) : undefined;
    const events = this.eventsOf(props.get('events'));
    const enabledNode = props.get('enabled');
    if (enabledNode && enabledNode.type !== 'boolean') this.error(enabledNode, l10n.t('"enabled" must be true or false, not {0}.', kindOf(enabledNode)));
    if (this.errorCount() > before || name === undefined || url === undefined || !nameNode) return undefined;
    const config: DesiredConfig = { env, name, webhook_url: url, events, range: this.range(node) };
    if (enabledNode?.type === 'boolean') config.enabled = enabledNode.value === true;
    return { config, nameNode };
  }

  nameOf(node: JsonNode): string | undefined {
    const name = this.stringOf(node, '"name"');
    if (name === undefined) return undefined;
    if (name.trim() === '') this.error(node, l10n.t('The name cannot be empty.'));
    else if (name.length > LIMITS.nameMax) this.error(node, l10n.t('The name is {0} characters long; the limit is {1}.', name.length, LIMITS.nameMax));
    else return name;
    return undefined;
  }

  urlOf(node: JsonNode): string | undefined {
    const url = this.stringOf(node, '"webhook_url"');
    if (url === undefined) return undefined;
    const problem = webhookUrlProblem(url);
    // Said without the substituted value: a variable may hold a secret (`${env:TOKEN}`), and problems are shown.
    if (problem) this.error(node, url !== node.value ? l10n.t('{0} (after its variables were substituted)', problem) : problem);
    return problem ? undefined : url;
  }

  eventsOf(node: JsonNode | undefined): string[] {
    if (!node) return [];
    if (node.type !== 'array') {
      this.error(node, l10n.t('"events" must be a list of event types, not {0}.', kindOf(node)));
      return [];
    }
    const out: string[] = [];
    for (const item of node.children ?? []) {
      const ev = this.stringOf(item, l10n.t('An event type'));
      if (ev === undefined) continue;
      if (ev.trim() === '') this.error(item, l10n.t('An event type cannot be empty.'));
      else if (out.includes(ev)) this.warn(item, l10n.t('{0} is listed twice.', this.writtenOf(item, ev)));
      else {
        if (!isKnownEventType(ev)) this.warn(item, l10n.t('{0} is not an event type this extension knows; it is kept as it is.', this.writtenOf(item, ev)));
        out.push(ev);
      }
    }
    return out;
  }

  promoteOf(model: ConfigFileModel, node: JsonNode): void {
    if (node.type !== 'object') {
      this.error(node, l10n.t('"promote" must be an object such as {0}, not {1}.', '{"dev→prod": {"hostMap": {…}}}', kindOf(node)));
      return;
    }
    for (const { value, name } of propertiesOf(node)) {
      if (!value) continue;
      const rule = this.ruleOf(value);
      if (rule) model.promote[name] = rule;
    }
  }

  ruleOf(node: JsonNode): PromoteRule | undefined {
    const hostMap = node.type === 'object' ? propertiesOf(node).find((p) => p.name === 'hostMap')?.value : undefined;
    if (!hostMap || hostMap.type !== 'object') {
      this.error(node, l10n.t('A promotion must be an object with a "hostMap" object of host → host.'));
      return undefined;
    }
    const rule: PromoteRule = { hostMap: {} };
    for (const { value, name } of propertiesOf(hostMap)) {
      if (value?.type === 'string') rule.hostMap[name] = String(value.value);
      else if (value) this.error(value, l10n.t('The host for "{0}" must be text, not {1}.', name, kindOf(value)));
    }
    return rule;
  }

  private errorCount(): number {
    return this.problems.reduce((n, p) => n + (p.severity === 'error' ? 1 : 0), 0);
  }
}

function syntaxMessage(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return l10n.t('The file is not valid JSON here ({0}).', code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

/** The file's configurations by environment, with every problem and its place. */
export function parseConfigFile(text: string, resolve: Resolver, options: ParseOptions = {}): ConfigFileModel {
  const reader = new FileReader(text, resolve, options.environments ?? KNOWN_ENVS);
  const model: ConfigFileModel = { text, desired: {}, prune: false, promote: {}, problems: reader.problems };
  if (text.trim() === '') {
    reader.error({ offset: 0, length: 0 }, l10n.t('The file is empty: it needs an object with "environments".'));
    return model;
  }
  // The parser and every walker after it recurse: a file nested thousands deep overflowed the stack in Plan.
  const deep = tooDeepAt(text, MAX_DOCUMENT_DEPTH, true);
  if (deep !== -1) {
    reader.error({ offset: deep, length: 1 }, l10n.t('Arrays and objects nest more than {0} deep here; a configurations file needs 4 levels. Nothing in the file was read.', MAX_DOCUMENT_DEPTH));
    return model;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) reader.error(e, syntaxMessage(e));
  if (root) reader.root(model, root);
  model.problems.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return model;
}
