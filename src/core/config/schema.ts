/**
 * The JSON Schema (draft-07) of `transcrypts.webhooks.json`, for completion and validation in the editor. Known
 * event types are suggested (`enum`) while any other non-empty string stays valid: a newer platform may have more.
 */
import * as l10n from '@vscode/l10n';
import { EVENT_TYPES } from '../events';
import { LIMITS } from '../model';

/** A value with `${env:NAME}` or `${config:key}` in it: valid whatever else it holds, checked after substitution. */
export const VARIABLE_PATTERN = '\\$\\{(env|config):[^}]+\\}';

export function configFileSchema(eventTypes: readonly string[] = EVENT_TYPES): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: l10n.t('Transcrypts webhook configurations'),
    description: l10n.t('Each environment\'s webhook configurations, matched to the platform\'s by name.'),
    type: 'object',
    required: ['environments'],
    properties: {
      $schema: { type: 'string' },
      environments: {
        type: 'object',
        description: l10n.t('Environment (dev, prod, sandbox or another the platform names) → its configurations.'),
        propertyNames: { type: 'string', minLength: 1 },
        additionalProperties: { type: 'array', items: { $ref: '#/definitions/configuration' } },
      },
      prune: { type: 'boolean', default: false, description: l10n.t('Delete the configurations the file does not list.') },
      promote: {
        type: 'object',
        description: l10n.t('Promotions, keyed "from→to", with the hosts their URLs map.'),
        additionalProperties: {
          type: 'object',
          required: ['hostMap'],
          properties: { hostMap: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } } },
        },
      },
    },
    definitions: {
      eventType: {
        anyOf: [{ enum: [...eventTypes] }, { type: 'string', minLength: 1 }],
      },
      configuration: {
        type: 'object',
        required: ['name', 'webhook_url'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: LIMITS.nameMax, description: l10n.t('The key: unique within an environment.') },
          webhook_url: {
            type: 'string',
            minLength: 1,
            maxLength: LIMITS.urlMax,
            anyOf: [{ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' }, { pattern: VARIABLE_PATTERN }],
          },
          events: { type: 'array', uniqueItems: true, items: { $ref: '#/definitions/eventType' } },
          enabled: { type: 'boolean', description: l10n.t('Only on platforms whose configurations have the field.') },
        },
      },
    },
  };
}
