/** `${env:NAME}` and `${config:transcrypts.key}` in the file's values. */
import * as l10n from '@vscode/l10n';
import type { Resolver } from './types';

const VARIABLE = /\$\{([^}]*)\}/g;

export interface SubstitutionError {
  /** Where the `${` starts in the value as written. */
  index: number;
  message: string;
}

function configText(key: string, value: unknown): string | { problem: string } {
  if (value === undefined || value === null) return { problem: l10n.t('Unknown variable {0}: the setting is not set.', `\${config:${key}}`) };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return {
    problem: Array.isArray(value)
      ? l10n.t('The variable {0} is not text (the setting holds a list).', `\${config:${key}}`)
      : l10n.t('The variable {0} is not text (the setting holds an object).', `\${config:${key}}`),
  };
}

function resolveOne(body: string, resolve: Resolver): string | { problem: string } {
  const colon = body.indexOf(':');
  const scheme = colon === -1 ? '' : body.slice(0, colon);
  const name = colon === -1 ? body : body.slice(colon + 1);
  if (scheme === 'env') {
    if (name === '') return { problem: l10n.t('The variable {0} has no name.', '${env:}') };
    const v = resolve.env(name);
    return v === undefined ? { problem: l10n.t('Unknown variable {0}: the environment variable {1} is not set.', `\${env:${name}}`, name) } : v;
  }
  if (scheme === 'config') {
    if (name === '') return { problem: l10n.t('The variable {0} has no setting name.', '${config:}') };
    return configText(name, resolve.config(name));
  }
  return { problem: l10n.t('Unknown variable {0}: use {1} or {2}.', `\${${body}}`, '${env:NAME}', '${config:transcrypts.key}') };
}

/** The value with every variable replaced, or the first unknown variable and where it is. */
export function substitute(value: string, resolve: Resolver): { value: string } | SubstitutionError {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(VARIABLE)) {
    const r = resolveOne(m[1] ?? '', resolve);
    if (typeof r !== 'string') return { index: m.index ?? 0, message: r.problem };
    out += value.slice(last, m.index) + r;
    last = (m.index ?? 0) + m[0].length;
  }
  return { value: out + value.slice(last) };
}

/** Whether a value contains a variable. */
export function hasVariable(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}
