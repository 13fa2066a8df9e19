/**
 * Response shapes of the Transcrypts API, validated where data enters (zod). A response that does not fit is a
 * `bad_response` error naming the field, never a crash later.
 */
import { z } from 'zod';
import { ENV_TYPES, EVENT_TYPES } from '../model';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 date' });

export const webhookSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lower-hex characters'),
  name: z.string(),
  webhook_url: z.string(),
  // Unknown event types from a newer platform are kept, not rejected: the tree shows them as they are.
  events: z.array(z.string()),
  env_type: z.enum(ENV_TYPES),
  enabled: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type Webhook = z.infer<typeof webhookSchema>;

const pageFields = {
  next: z.string().nullable(),
  previous: z.string().nullable(),
};

export const webhookPageSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  ...pageFields,
  results: z.array(webhookSchema),
});
export type WebhookPage = z.infer<typeof webhookPageSchema>;

export const webhookRequestSchema = z.object({
  webhook_id: z.string(),
  event_type: z.string(),
  event_created_at: isoDate,
  status_code: z.number().int().nullable(),
  error_message: z.string().nullable(),
  webhook_payload: z.unknown(),
  webhook_url: z.string(),
});
export type WebhookRequest = z.infer<typeof webhookRequestSchema>;

export const webhookRequestPageSchema = z.object({
  ...pageFields,
  results: z.array(webhookRequestSchema),
});
export type WebhookRequestPage = z.infer<typeof webhookRequestPageSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    extra: z
      .object({
        'invalid-params': z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      })
      .passthrough()
      .optional(),
  }),
});
export const detailBodySchema = z.object({ detail: z.string() });

export const triggerResultSchema = z.object({
  event_type: z.enum(EVENT_TYPES),
  env_type: z.enum(ENV_TYPES),
  deliveries: z.array(z.object({ webhook_id: z.string(), webhook_url: z.string() })),
  payload: z.record(z.unknown()),
});
export type TriggerResult = z.infer<typeof triggerResultSchema>;

/** Format the first zod issue as "results[3].env_type: Invalid enum value…". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return `${path || '(body)'}: ${issue.message}`;
}
