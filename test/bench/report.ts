/** What every bench prints: one line per figure, the name padded to a column. */
export function report(name: string, value: string, width = 58): void {
  process.stdout.write(`${name.padEnd(width)} ${value}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
