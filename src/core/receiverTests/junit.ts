/** Receiver-test results as JUnit XML, which every CI reads (one testsuite per group). */
import type { ReceiverCase } from './cases';
import type { CaseResult } from './runner';

// Characters XML 1.0 cannot carry, even escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function junitXml(cases: readonly ReceiverCase[], results: readonly CaseResult[], seconds: number): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const groups = new Map<string, ReceiverCase[]>();
  for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const suites = [...groups].map(([group, members]) => {
    const rs = members.map((c) => byId.get(c.id));
    const failures = rs.filter((r) => r?.outcome === 'failed').length;
    const errors = rs.filter((r) => r?.outcome === 'errored').length;
    const skipped = rs.filter((r) => !r).length;
    const tests = members.map((c) => {
      const r = byId.get(c.id);
      const open = `    <testcase classname="transcrypts.receiver.${xmlEscape(group)}" name="${xmlEscape(c.group === 'fixture' ? (c.file ?? c.id) : c.label)}" time="${((r?.ms ?? 0) / 1000).toFixed(3)}"`;
      if (!r) return `${open}><skipped message="not run (cancelled)"/></testcase>`;
      if (r.outcome === 'passed') return `${open}/>`;
      const tag = r.outcome === 'failed' ? 'failure' : 'error';
      const detail = r.exchanges.map((x) => `${x.note}: ${x.status ?? x.error ?? ''} in ${x.ms} ms\n${x.body ?? ''}`).join('\n');
      return `${open}>\n      <${tag} message="${xmlEscape(r.message)}">${xmlEscape(detail)}</${tag}>\n    </testcase>`;
    });
    return `  <testsuite name="Transcrypts receiver: ${xmlEscape(group)}" tests="${members.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${tests.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Transcrypts receiver tests" time="${seconds.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
