import type { SeededRandom } from './seeded-random.ts';

/**
 * Field values a hostile page might put anywhere: odd numbers, odd text, wrong types, deep nesting.
 * Tracks nothing. Values JSON.stringify cannot write (NaN, 1e999, a bare token) are RawJson, which
 * toJsonText writes into the frame verbatim.
 */

/** JSON text to splice into a frame as is, e.g. `NaN` or `1e999` (which JSON.parse reads as Infinity). */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): string {
    return `${RAW_MARK}${this.text}${RAW_MARK}`;
  }
}

const RAW_MARK = '\u0000raw\u0000';
// JSON.stringify escapes the NUL marks, so the spliced text is found by its escaped form.
const RAW_PATTERN = /"\\u0000raw\\u0000(.*?)\\u0000raw\\u0000"/g;

/** JSON.stringify, with every RawJson written verbatim. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  // Most frames hold no raw value; skipping the search matters for the ones that are hundreds of KB.
  if (!text.includes('\\u0000raw')) return text;
  return text.replace(RAW_PATTERN, (_, escaped: string) => JSON.parse(`"${escaped}"`));
}

/** `depth` nested arrays or objects: `[[[…]]]` or `{"a":{"a":…}}`. */
export function nested(depth: number, kind: 'array' | 'object'): RawJson {
  if (kind === 'array') return new RawJson('['.repeat(depth) + ']'.repeat(depth));
  return new RawJson(`${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`);
}

/** Numbers at and past every bound a count, size or id field has, plus tokens that are not JSON numbers. */
const HOSTILE_NUMBERS: readonly unknown[] = [
  -1,
  -0,
  0,
  0.5,
  1.5,
  -1e9,
  1e9,
  1e9 + 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('1e-999'),
  new RawJson('NaN'),
  new RawJson('Infinity'),
  new RawJson('-Infinity'),
  new RawJson('0x10'),
  new RawJson('01'),
  new RawJson('+1'),
  new RawJson('.5'),
  new RawJson('1.'),
  new RawJson('1'.repeat(400)),
];

/** Text a page's name, id or key field could hold: direction overrides, controls, odd code points. */
const HOSTILE_TEXT: readonly string[] = [
  '',
  ' ',
  '\u202e3pm.exe', // right-to-left override: displays as "exe.mp3"
  '\u200f\u200e\u2066\u2067\u2068\u2069', // direction marks and isolates
  '\u200b\u200c\u200d\ufeff', // zero-width characters and a byte-order mark
  '\u0000\u0001\u0007\u001b[31m\u007f', // NUL, BEL, an ANSI escape, DEL
  'line\nbreak\r\ttab\u2028\u2029',
  '\ud800', // a lone surrogate (JSON.stringify escapes it; JSON.parse restores it)
  '\udfff\ud800',
  'Z\u0351\u0357\u0300\u0301\u0302\u0303\u0304\u0305a\u0306\u0307\u0308lgo', // stacked combining marks
  '👩‍👩‍👧‍👦🏳️‍🌈', // emoji joined by ZWJ
  'ｆｕｌｌｗｉｄｔｈ',
  'аaаa', // Cyrillic a among Latin a
  '__proto__',
  'constructor',
  'toString',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '"quotes" and \\backslashes\\',
  '%00%ff',
];

export function hostileNumber(random: SeededRandom): unknown {
  return random.chance(0.15)
    ? random.between(-1000, 1000) * random.pick([1, 0.25, 1e6])
    : random.pick(HOSTILE_NUMBERS);
}

export function hostileText(random: SeededRandom): string {
  const roll = random.below(10);
  if (roll < 6) return random.pick(HOSTILE_TEXT);
  if (roll < 8) return random.pick(HOSTILE_TEXT) + random.pick(HOSTILE_TEXT) + random.hex(random.below(8));
  return longText(random);
}

/** Text around the lengths the protocol bounds (64-character keys, 255-character names) and far past them. */
export function longText(random: SeededRandom): string {
  const length = random.pick([63, 64, 65, 255, 256, 1000, 16_384, 65_536, 300_000]);
  const unit = random.pick(['x', 'é', '\u202e', '😀', '\u0000']);
  // JSON escapes NUL as six characters; kept shorter so the frame stays under the tracker's size limit.
  return unit.repeat(unit === '\u0000' ? Math.min(length, 65_536) : length).slice(0, length);
}

/** Values of the wrong JSON type for any field. */
export function wrongType(random: SeededRandom): unknown {
  return random.pick<unknown>([
    null,
    true,
    false,
    [],
    {},
    [1, 2, 3],
    { a: 1 },
    '',
    '0',
    0,
    [null],
    { type: 'join' },
  ]);
}

/** Any hostile value at all, for a field whose expected type the caller does not care about. */
export function hostileValue(random: SeededRandom): unknown {
  switch (random.below(5)) {
    case 0:
      return hostileNumber(random);
    case 1:
      return hostileText(random);
    case 2:
      return wrongType(random);
    case 3:
      return nested(random.pick([2, 64, 1000, 5000]), random.chance(0.5) ? 'array' : 'object');
    default:
      return random.chance(0.5) ? random.hex(64) : random.hex(random.between(1, 80)).toUpperCase();
  }
}

/** A swarm id that is almost right: wrong length, upper case, a trailing newline, non-hex letters. */
export function nearlySwarmId(random: SeededRandom): unknown {
  const id = random.hex(64);
  return random.pick<unknown>([
    id.slice(1),
    `${id}0`,
    id.toUpperCase(),
    `${id}\n`,
    ` ${id}`,
    `${id.slice(1)}g`,
    `${id.slice(2)}\u0430a`,
    id.replace(/./g, (c) => (c === 'a' ? '\u0430' : c)),
    '',
  ]);
}

/** A copy of `fields` lacking `key`. */
export function without(fields: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...fields };
  delete copy[key];
  return copy;
}
