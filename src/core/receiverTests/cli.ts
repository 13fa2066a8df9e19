/**
 * `npm run receiver-tests -- --url URL --secret-env VAR [--fixtures DIR] [--format auto|hex|v1] [--junit FILE]
 *   [--events TYPE,TYPE] [--profile transcrypts|truv]`
 * Runs the platform's rule cases and the saved fixtures against a receiver; one line per case, then
 * `N passed, N failed`; exits 1 when a case fails or errors, 2 on a usage error.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import { webhookUrlProblem } from '../model';
import { SIGNATURE_FORMAT_CHOICES, signingFormat, type SignatureFormatChoice } from '../signature';
import { fixtureCase, ruleCases, type FixtureFile, type ReceiverCase } from './cases';
import { streamFixtures } from './fixtures';
import { junitXml } from './junit';
import { runCases, type CaseResult, type RunOptions } from './runner';
import { errorMessage } from '../../shared/errorMessage';

const USAGE = `Usage: npm run receiver-tests -- --url URL --secret-env VAR [--fixtures DIR] [--format auto|hex|v1]
       [--junit FILE] [--events TYPE,TYPE...] [--profile transcrypts|truv]
  --url         the receiver (any scheme and host you point it at)
  --secret-env  the environment variable holding the secret the receiver verifies with (never printed)
  --fixtures    a folder of saved deliveries (*.json, as Save as Fixture writes them); each is a case
  --format      how X-WEBHOOK-SIGN is written: auto (as the platform signs: bare hex for Transcrypts,
                v1=<hex> with --profile truv), hex or v1
  --events      the event types the receiver is subscribed to (default: every documented type)
  --junit       also write the results as JUnit XML to this file`;

export class UsageError extends Error {}

export interface CliOptions {
  run: Omit<RunOptions, 'signal'>;
  fixtures?: string;
  junit?: string;
  events?: string[];
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: 'string' },
      'secret-env': { type: 'string' },
      fixtures: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      junit: { type: 'string' },
      events: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  if (!values.url) throw new UsageError(l10n.t('--url is required: the address of your receiver, e.g. http://127.0.0.1:3000/webhooks/transcrypts.'));
  const problem = webhookUrlProblem(values.url);
  if (problem) throw new UsageError(l10n.t('--url "{0}" is not an http:// or https:// address: {1}', values.url, problem));
  const secretEnv = values['secret-env'];
  if (!secretEnv) throw new UsageError(l10n.t('--secret-env is required: the name of the environment variable that holds the secret your receiver verifies with.'));
  const secret = env[secretEnv];
  if (!secret) throw new UsageError(l10n.t('The environment variable {0} is not set (or empty): set it to the secret your receiver verifies with.', secretEnv));
  const choice = values.format as SignatureFormatChoice;
  if (!SIGNATURE_FORMAT_CHOICES.includes(choice)) throw new UsageError(l10n.t('--format expects one of {0}, not "{1}".', SIGNATURE_FORMAT_CHOICES.join(', '), String(values.format)));
  const events = values.events ? values.events.split(',').map((e) => e.trim()).filter((e) => e !== '') : undefined;
  return { run: { url: values.url, secret, format: signingFormat(choice, values.profile) }, fixtures: values.fixtures, junit: values.junit, events };
}

/** One line per case, as a terminal shows it: ✔ or ✘, the case, the time, and why when it did not pass. */
export function caseLine(c: ReceiverCase, r: CaseResult): string {
  const mark = r.outcome === 'passed' ? '✔' : r.outcome === 'failed' ? '✘' : '!';
  const time = r.exchanges.length > 0 ? ` (${r.ms} ms)` : '';
  const name = c.group === 'fixture' ? l10n.t('fixture {0}', c.file ?? c.id) : c.label;
  return r.outcome === 'passed' ? `${mark} ${name}${time}` : `${mark} ${name}${time}\n    ${r.outcome === 'errored' ? l10n.t('error: {0}', r.message) : r.message}`;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  let o: CliOptions;
  try {
    o = parseCli(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError)) throw e;
    out(e.message ? `${e.message}\n\n${USAGE}` : USAGE);
    return 2;
  }
  const rules = ruleCases({ eventTypes: o.events });
  // The fixtures are read while the earlier cases are sent.
  const fixtures = o.fixtures ? await streamFixtures(path.resolve(o.fixtures)) : undefined;
  if (fixtures?.count === 0) out(l10n.t("No fixtures (*.json) under {0}: only the platform's rules run.", String(o.fixtures)));
  const count = rules.length + (fixtures?.count ?? 0);
  out(o.run.format === 'v1' ? l10n.t('Receiver tests: {0} cases against {1}, signed v1=<hex>.', count, o.run.url) : l10n.t('Receiver tests: {0} cases against {1}, signed as bare hex.', count, o.run.url));
  const started = Date.now();
  const ran: ReceiverCase[] = [];
  const report = await runCases(allCases(rules, fixtures?.files), o.run, (c, r) => {
    ran.push(c);
    out(caseLine(c, r));
  });
  if (o.junit) await fs.writeFile(o.junit, junitXml(ran, report.results, (Date.now() - started) / 1000));
  out(l10n.t('{0} passed, {1} failed', report.passed, report.failed + report.errored));
  return report.failed + report.errored > 0 ? 1 : 0;
}

/** The rule cases, then each fixture's as it is read. */
export async function* allCases(rules: readonly ReceiverCase[], fixtures?: AsyncIterable<FixtureFile>): AsyncGenerator<ReceiverCase> {
  yield* rules;
  if (fixtures) for await (const f of fixtures) yield fixtureCase(f);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${errorMessage(e)}\n`);
      process.exit(2);
    },
  );
}
