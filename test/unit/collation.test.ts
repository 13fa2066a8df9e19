import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { comparePrimaryAscii, compareTertiaryAscii, ROOT_ASCII_LANGUAGES, textComparer } from '../../src/core/collation';
import { compareWebhooks } from '../../src/core/webhooks/catalog';
import type { Webhook } from '../../src/core/api/schemas';

const sign = (n: number | undefined) => (n === undefined ? NaN : Math.sign(n));

/** ASCII text as names and URLs are: letters of both cases, digits, URL punctuation, and any ASCII code now and then. */
const asciiChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'aAbBcChHiIlLnNsSyYzZvVwWoOeE0129 -_./:?&=#~%') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) },
);
const asciiText = fc.array(asciiChar, { maxLength: 10 }).map((cs) => cs.join(''));
/** A pair that often shares a prefix, where the later characters decide. */
const asciiPair = fc.oneof(fc.tuple(asciiText, asciiText), fc.tuple(asciiText, asciiText, asciiText).map(([p, a, b]) => [p + a, p + b] as const));

/** Letter pairs that some languages' collations tailor (digraphs, y and i, aa, ...), in names that differ around them. */
const TAILORED = ['ch', 'cs', 'cz', 'dz', 'gy', 'ly', 'ny', 'sz', 'zs', 'aa', 'll', 'rr', 'ij', 'th', 'dd', 'ff', 'ng', 'ph', 'rh', 'lj', 'nj', 'ae', 'oe', 'ss', 'y', 'i', 'v', 'w', 'h', 'z'];

describe('collation: ASCII without ICU, in ICU\'s order', () => {
  it('orders the ASCII characters as ICU\'s root collation does, for every language it is used for (property)', () => {
    const langs = [...ROOT_ASCII_LANGUAGES];
    const collators = new Map(langs.map((l) => [l, { base: new Intl.Collator(l, { sensitivity: 'base' }), variant: new Intl.Collator(l) }] as const));
    const check = (a: string, b: string) => {
      for (const [l, c] of collators) {
        assert.equal(sign(comparePrimaryAscii(a, b)), sign(c.base.compare(a, b)), `${l}, base: ${JSON.stringify([a, b])}`);
        assert.equal(sign(compareTertiaryAscii(a, b)), sign(c.variant.compare(a, b)), `${l}, variant: ${JSON.stringify([a, b])}`);
      }
    };
    fc.assert(fc.property(asciiPair, ([a, b]) => check(a, b)), { numRuns: 3000, seed: 20261207 });
    for (const t of TAILORED) {
      for (const u of TAILORED) {
        for (const x of ['', 'a', 'A', 'z']) {
          check(t + x, u + x);
          check(x + t, x + u);
          check(t.toUpperCase() + x, u + x);
        }
      }
    }
    // Every ASCII character against every other, alone and before a letter.
    for (let c = 0; c < 128; c++) {
      for (let d = 0; d < 128; d++) {
        check(String.fromCharCode(c), String.fromCharCode(d));
        check(`${String.fromCharCode(c)}b`, `${String.fromCharCode(d)}a`);
      }
    }
  });

  it('leaves out the languages that tailor ASCII letters (the list is not simply every language)', () => {
    // Czech sorts "ch" after "h", Danish "aa" last, Lithuanian "y" with "i": their ICU order is not the root's.
    for (const [lang, a, b] of [['cs', 'chata', 'hora'], ['da', 'aase', 'zebra'], ['lt', 'yra', 'kas']] as const) {
      assert.ok(!ROOT_ASCII_LANGUAGES.has(lang), lang);
      assert.notEqual(sign(comparePrimaryAscii(a, b)), sign(new Intl.Collator(lang, { sensitivity: 'base' }).compare(a, b)), `${lang}: ${a} / ${b}`);
      const c = textComparer(lang);
      assert.equal(sign(c.base(a, b)), sign(new Intl.Collator(lang, { sensitivity: 'base' }).compare(a, b)), `${lang} goes to ICU`);
      assert.ok(c.usedIcu);
    }
  });

  it('answers as ICU for any text, ASCII or not, with characters that combine with the ASCII one before them (property)', () => {
    const c = textComparer('en-US');
    const icu = { base: new Intl.Collator('en-US', { sensitivity: 'base' }), variant: new Intl.Collator('en-US') };
    // Accents precomposed and combining, "≮" as "<" and U+0338, letters beyond Latin, a character outside the BMP.
    const other = fc.constantFrom('\u0301', '\u0308', '\u0338', '\u0323', 'é', 'ß', 'ı', 'İ', 'æ', 'ø', 'Ж', 'ω', '漢', '\u00a0', '💳');
    // "<", "=" and ">" often: U+0338 after one makes a character of its own (≮, ≠, ≯).
    const compared = fc.oneof(asciiChar, fc.constantFrom('<', '=', '>'));
    const mixed = fc.array(fc.oneof({ weight: 4, arbitrary: asciiChar }, { weight: 1, arbitrary: other }), { maxLength: 8 }).map((cs) => cs.join(''));
    const pair = fc.oneof(
      fc.tuple(mixed, mixed),
      fc.tuple(asciiText, mixed, mixed).map(([p, a, b]) => [p + a, p + b] as const),
      // Different ASCII characters where the strings part, the first followed by a character beyond ASCII.
      fc.tuple(asciiText, compared, compared, other, mixed, mixed).map(([p, x, y, m, a, b]) => [p + x + m + a, p + y + b] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        assert.equal(sign(c.base(a, b)), sign(icu.base.compare(a, b)), `base: ${JSON.stringify([a, b])}`);
        assert.equal(sign(c.variant(a, b)), sign(icu.variant.compare(a, b)), `variant: ${JSON.stringify([a, b])}`);
      }),
      { numRuns: 5000, seed: 42 },
    );
    // Where the strings part, a character beyond ASCII right after the ASCII one: left to ICU.
    for (const [a, b] of [['a<\u0338', 'a='], ['ab\u0301', 'ac'], ['x<\u0338y', 'x<y']] as const) assert.equal(comparePrimaryAscii(a, b), undefined, JSON.stringify([a, b]));
  });

  it('needs no ICU for ASCII text; text with any other character goes to ICU', () => {
    const c = textComparer('en-US');
    assert.ok(c.base('Receiver 0001', 'receiver 0002') < 0);
    assert.equal(c.base('Orders', 'orders'), 0);
    assert.ok(c.variant('https://a.example/x', 'https://A.example/x') < 0);
    assert.equal(c.usedIcu, false, 'ASCII only: no collator made');
    const icu = new Intl.Collator('en-US', { sensitivity: 'base' });
    // é with f, combining accents, a character outside the BMP: ICU's answers, and ICU made for them.
    for (const [a, b] of [['école', 'fiche'], ['e\u0301cole', 'ecole'], ['a<\u0338', 'a<'], ['💳 cards', 'cards']] as const) assert.equal(sign(c.base(a, b)), sign(icu.compare(a, b)), JSON.stringify([a, b]));
    assert.ok(c.usedIcu);
  });

  it('sorts configurations as ICU\'s collators do (names, then URLs, then ids; property)', () => {
    const icu = { name: new Intl.Collator(undefined, { sensitivity: 'base' }), url: new Intl.Collator() };
    const reference = (a: Webhook, b: Webhook) => icu.name.compare(a.name, b.name) || icu.url.compare(a.webhook_url, b.webhook_url) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const text = fc.oneof({ weight: 4, arbitrary: asciiText }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
    const hook = fc.record({ id: fc.uuid(), name: text, webhook_url: text }).map((h) => ({ ...h, env_type: 'sandbox', events: [] }) as unknown as Webhook);
    fc.assert(
      fc.property(fc.array(hook, { maxLength: 40 }), (hooks) => {
        assert.deepEqual([...hooks].sort(compareWebhooks()).map((h) => h.id), [...hooks].sort(reference).map((h) => h.id));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
