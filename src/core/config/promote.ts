/**
 * Promote: copy one environment's section to another with the URL hosts mapped (`dev.example.com` →
 * `api.example.com`), as written (variables stay variables), and record the host map under `promote["from→to"]`.
 */
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../../shared/jsonDepth';
import * as l10n from '@vscode/l10n';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type ParseError } from 'jsonc-parser';
import type { EnvType } from '../model';
import { promoteKey, type ConfigFileModel } from './types';

export interface PromoteResult {
  /** The new file text. */
  text: string;
  copied: number;
  /** The names whose URL host has no mapping: copied as they are. */
  unmapped: string[];
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)([\s\S]*)$/;

/** The URL with its host mapped, or undefined when the map has no entry for its host (or host:port). */
export function mapUrlHost(url: string, hostMap: Readonly<Record<string, string>>): string | undefined {
  const m = URL_PARTS.exec(url);
  if (!m) return undefined;
  const [, scheme, authority = '', rest] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  const own = (k: string): string | undefined => (Object.prototype.hasOwnProperty.call(hostMap, k) ? hostMap[k] : undefined);
  const whole = own(hostPort);
  if (whole !== undefined) return `${scheme}${userinfo}${whole}${rest}`;
  const port = /:\d*$/.exec(hostPort)?.[0] ?? '';
  const host = own(hostPort.slice(0, hostPort.length - port.length));
  return host === undefined ? undefined : `${scheme}${userinfo}${host}${port}${rest}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The new text of the file with `to`'s section replaced by `from`'s, hosts mapped. */
export function promote(model: Pick<ConfigFileModel, 'text'>, from: EnvType, to: EnvType, hostMap: Readonly<Record<string, string>>): PromoteResult {
  if (from === to) throw new Error(l10n.t('Promote to another environment than the one it copies.'));
  const errors: ParseError[] = [];
  if (tooDeepAt(model.text, MAX_DOCUMENT_DEPTH, true) !== -1) throw new Error(l10n.t('The file nests more than {0} deep; fix it before promoting.', MAX_DOCUMENT_DEPTH));
  const root = parseTree(model.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) throw new Error(l10n.t('The file is not valid JSON; fix it before promoting.'));
  const section = findNodeAtLocation(root, ['environments', from]);
  if (!section || section.type !== 'array') throw new Error(l10n.t('The file has no "{0}" list of configurations to promote.', from));
  const unmapped: string[] = [];
  const entries = (getNodeValue(section) as unknown[]).map((e) => {
    if (!isObject(e) || typeof e.webhook_url !== 'string') return e;
    const mapped = mapUrlHost(e.webhook_url, hostMap);
    if (mapped === undefined) unmapped.push(typeof e.name === 'string' ? e.name : e.webhook_url);
    return { ...e, webhook_url: mapped ?? e.webhook_url };
  });
  let text = applyEdits(model.text, modify(model.text, ['environments', to], entries, FORMAT));
  text = applyEdits(text, modify(text, ['promote', promoteKey(from, to)], { hostMap: { ...hostMap } }, FORMAT));
  return { text, copied: entries.length, unmapped };
}
