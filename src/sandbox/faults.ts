/** Fault modes for tests, off by default: added latency, 429 with Retry-After, 5xx, malformed JSON, reset. */
import { z } from 'zod';

export const faultRuleSchema = z.object({
  kind: z.enum(['429', '5xx', 'malformed', 'reset']),
  /** How many matching requests it applies to; -1 for every one. */
  count: z.number().int().min(-1).default(1),
  status: z.number().int().min(500).max(599).optional(),
  retry_after: z.string().optional(),
  method: z.string().optional(),
  /** Applies to request paths starting with this (default every /v1/ path). */
  path: z.string().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** The most latency a fault can add. */
export const MAX_FAULT_LATENCY_MS = 120_000;

export const faultConfigSchema = z.object({
  latency_ms: z.number().int().min(0).max(MAX_FAULT_LATENCY_MS).optional(),
  rules: z.array(faultRuleSchema).optional(),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export class Faults {
  latencyMs = 0;
  rules: FaultRule[] = [];

  set(config: FaultConfig): void {
    if (config.latency_ms !== undefined) this.latencyMs = config.latency_ms;
    if (config.rules) this.rules.push(...config.rules);
  }

  clear(): void {
    this.latencyMs = 0;
    this.rules = [];
  }

  /** The rule that applies to this request, consuming one use of it. */
  take(method: string, path: string): FaultRule | undefined {
    const i = this.rules.findIndex((r) => (!r.method || r.method.toUpperCase() === method) && path.startsWith(r.path ?? '/v1/'));
    if (i === -1) return undefined;
    const rule = this.rules[i] as FaultRule;
    if (rule.count > 0 && --rule.count === 0) this.rules.splice(i, 1);
    return rule;
  }

  toJSON(): FaultConfig {
    return { latency_ms: this.latencyMs, rules: this.rules };
  }
}

/** `--fault 429:3`, `--fault 5xx:2:503`, `--fault malformed`, `--fault reset:-1` */
export function parseFaultFlag(flag: string): FaultRule {
  const [kind, count, extra] = flag.split(':');
  const rule = faultRuleSchema.safeParse({
    kind,
    count: count === undefined ? 1 : Number(count),
    ...(kind === '5xx' && extra ? { status: Number(extra) } : {}),
    ...(kind === '429' && extra ? { retry_after: extra } : {}),
  });
  if (!rule.success) throw new Error(`--fault ${flag}: expected 429|5xx|malformed|reset[:count[:status or retry-after]]`);
  return rule.data;
}
