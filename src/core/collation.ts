/**
 * The sidebar's text order — ICU's (Intl.Collator) for the user's locale — without ICU where it is not needed.
 *
 * The first Intl.Collator of a process costs 6-15 ms of the extension host's main thread (ICU loads its collation
 * data), on the way to the sidebar's first paint. Names and URLs are nearly always plain ASCII, and for ASCII ICU's
 * root collation (CLDR) is a fixed order: control characters ignored, then whitespace, punctuation, symbols, digits
 * and letters, each letter's cases equal at the primary level and lower before upper at the tertiary one. Where the
 * locale keeps that order (most do; some, such as Czech "ch" or Danish "aa", tailor ASCII letters), two ASCII
 * strings are compared here by those rules; anything else goes to ICU, made on first use. A property test holds the
 * rules to ICU's answers for every language listed below (test/unit/collation.test.ts).
 */

/** ICU's root order of the ASCII characters it does not ignore, at the primary level (letters in lower case). */
export const ROOT_ASCII_ORDER = '\t\n\v\f\r _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Languages whose collation orders ASCII as the root does (held to ICU by the property test). */
export const ROOT_ASCII_LANGUAGES: ReadonlySet<string> = new Set([
  'af', 'ar', 'be', 'bg', 'bn', 'ca', 'de', 'el', 'en', 'es', 'eu', 'fa', 'fr', 'ga', 'gl', 'he', 'hi', 'hy', 'id',
  'it', 'ja', 'ka', 'kk', 'ko', 'lb', 'ln', 'mk', 'mn', 'ms', 'nl', 'pl', 'pt', 'ro', 'ru', 'sl', 'sr', 'sw', 'ta',
  'te', 'uk', 'ur', 'vi', 'zh', 'zu',
]);

/** Each ASCII character's primary weight: its place in ROOT_ASCII_ORDER + 1, 0 for the ignored ones. */
const PRIMARY = new Uint8Array(128);
for (let i = 0; i < ROOT_ASCII_ORDER.length; i++) {
  const c = ROOT_ASCII_ORDER.charCodeAt(i);
  PRIMARY[c] = i + 1;
  if (c >= 0x61 && c <= 0x7a) PRIMARY[c - 0x20] = i + 1;
}

/** Whether the code unit at `i` (if any) is beyond ASCII: it may combine with the character before it. */
function combinesAt(s: string, i: number): boolean {
  return i < s.length && s.charCodeAt(i) > 0x7f;
}

/**
 * Two strings at ICU's primary level (case-blind), when ASCII decides it: negative, 0 or positive; undefined when a
 * character beyond ASCII comes before the first difference or right after it. (A mark after a character can form a
 * contraction with it in some collations; in those listed none changes the order, a brute-force check found, but
 * ICU is the one to ask.)
 */
export function comparePrimaryAscii(a: string, b: string): number | undefined {
  let i = 0;
  let j = 0;
  for (;;) {
    // The next weight of each (0 at the end), skipping the characters collation ignores.
    let pa = 0;
    while (i < a.length) {
      const c = a.charCodeAt(i++);
      if (c > 0x7f) return undefined;
      if ((pa = PRIMARY[c] as number) !== 0) break;
    }
    let pb = 0;
    while (j < b.length) {
      const c = b.charCodeAt(j++);
      if (c > 0x7f) return undefined;
      if ((pb = PRIMARY[c] as number) !== 0) break;
    }
    if (pa !== pb) return combinesAt(a, i) || combinesAt(b, j) ? undefined : pa - pb;
    if (pa === 0) return 0;
  }
}

/**
 * Two strings at ICU's tertiary level (the default), when ASCII decides it: by primary weights, then lower case
 * before upper; undefined as for comparePrimaryAscii.
 */
export function compareTertiaryAscii(a: string, b: string): number | undefined {
  const primary = comparePrimaryAscii(a, b);
  if (primary !== 0) return primary;
  // Both ASCII throughout, the same weights in the same places: the first letter whose case differs decides.
  for (let i = nextWeighted(a, 0), j = nextWeighted(b, 0); i < a.length && j < b.length; i = nextWeighted(a, i + 1), j = nextWeighted(b, j + 1)) {
    const upper = isUpper(a.charCodeAt(i)) - isUpper(b.charCodeAt(j));
    if (upper !== 0) return upper;
  }
  return 0;
}

/** Where the next character collation does not ignore is in an ASCII `s`, from `i`; `s.length` when none is left. */
function nextWeighted(s: string, i: number): number {
  while (i < s.length && !PRIMARY[s.charCodeAt(i)]) i++;
  return i;
}

function isUpper(c: number): number {
  return c >= 0x41 && c <= 0x5a ? 1 : 0;
}

export interface TextComparer {
  /** Without regard to case or accents (Intl.Collator's `sensitivity: 'base'`). */
  base(a: string, b: string): number;
  /** Case and accents count (Intl.Collator's default). */
  variant(a: string, b: string): number;
  /** Whether ICU was needed so far (the tests' way to see the fast path taken). */
  readonly usedIcu: boolean;
}

/**
 * The comparer for `locale` (default: the process's). The ASCII rules apply when its language orders ASCII as the
 * root does; ICU's collators are made on their first use.
 */
export function textComparer(locale?: string): TextComparer {
  // Intl.PluralRules resolves the default locale in well under a millisecond; a collator would load ICU's data.
  const resolved = new Intl.PluralRules(locale).resolvedOptions().locale;
  const ascii = ROOT_ASCII_LANGUAGES.has(resolved.split('-')[0] ?? '');
  let icu: { base: Intl.Collator; variant: Intl.Collator } | undefined;
  const collators = () => (icu ??= { base: new Intl.Collator(locale, { sensitivity: 'base' }), variant: new Intl.Collator(locale) });
  return {
    base: (a, b) => (ascii ? comparePrimaryAscii(a, b) : undefined) ?? collators().base.compare(a, b),
    variant: (a, b) => (ascii ? compareTertiaryAscii(a, b) : undefined) ?? collators().variant.compare(a, b),
    get usedIcu() {
      return icu !== undefined;
    },
  };
}
