/**
 * Deadlines of requests in flight on one timer. A timer per request costs more than the request to a receiver on
 * this machine (node's timer lists are made and unmade as each request's timer is set and cleared, one request
 * at a time); here a request's deadline is an entry in a set, and one timer, armed for the earliest, expires those
 * due. The timer is unref'd: what is in flight keeps the process alive, not its deadline.
 */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

const live = new Set<Deadline>();
let timer: NodeJS.Timeout | undefined;
let armedFor = Infinity;

/** Calls `expire` in `ms` unless the returned function (cancel) is called first. */
export function deadline(ms: number, expire: () => void): () => void {
  const d: Deadline = { at: performance.now() + ms, expire };
  live.add(d);
  if (d.at < armedFor) arm(d.at);
  return () => void live.delete(d);
}

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  armedFor = at;
  timer = setTimeout(fire, Math.max(0, at - performance.now()));
  timer.unref();
}

function fire(): void {
  timer = undefined;
  armedFor = Infinity;
  const now = performance.now();
  const due = [...live].filter((d) => d.at <= now).sort((a, b) => a.at - b.at);
  // One cancelled by an earlier expire of this round is not expired.
  for (const d of due) if (live.delete(d)) d.expire();
  // What is left, and what an expire added (it may have armed already).
  let next = Infinity;
  for (const d of live) if (d.at < next) next = d.at;
  if (next < armedFor) arm(next);
}
