/**
 * The UI suite under `npm test` (TRANSCRYPTS_SHORT_STACKS=1, set by scripts/test.mjs): a failure reads as its message,
 * not a stack trace through Playwright; `npm run test:ui` alone keeps the whole stack for the one reading the code.
 */
if (process.env.TRANSCRYPTS_SHORT_STACKS === '1') Error.stackTraceLimit = 0;
