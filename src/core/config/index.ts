/** Webhook configurations as code: `transcrypts.webhooks.json` parsed, diffed, planned, applied, exported, promoted. */
export * from './types';
export { parseConfigFile, LineIndex, type ParseOptions } from './file';
export { substitute, hasVariable } from './substitute';
export { canonicalText, canonicalConfig, canonicalEnvironments, diffSides, eventSet, exportFile, platformValues, type CanonicalConfig, type ExportOptions } from './canonical';
export { plan, planFile, planSummary, describeStep, type Plan, type PlanOptions, type EnvPlan, type Step, type CreateStep, type UpdateStep, type DeleteStep, type FieldChange } from './plan';
export { apply, applySummary, type ApplyOptions, type ApplyResult } from './apply';
export { promote, mapUrlHost, type PromoteResult } from './promote';
export { configFileSchema, VARIABLE_PATTERN } from './schema';
