import { MAX_TRACKER_MESSAGE_BYTES } from '@minibit/protocol';
import { type Frame, textFrame } from './fuzz-frames.ts';
import { hostileText, toJsonText } from './hostile-values.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Frames that attack the framing rather than a message's fields: text that is not JSON, binary frames,
 * frames at and over the size limit, bytes that are not UTF-8, and floods. Tracks nothing.
 */

/** Text that JSON.parse refuses, much of it one character away from a real join. */
export function malformedJson(random: SeededRandom): string {
  const id = random.hex(64);
  return random.pick([
    '',
    ' ',
    '{',
    '}',
    '{"type":',
    `{"type":"join","swarmId":"${id}",}`,
    `{'type':'join','swarmId':'${id}'}`,
    `{"type":"join","swarmId":"${id}"}}`,
    `{"type":"join","swarmId":"${id}"}{}`,
    `{"type":"join" "swarmId":"${id}"}`,
    `// a comment\n{"type":"join","swarmId":"${id}"}`,
    `\ufeff{"type":"join","swarmId":"${id}"}`,
    '{"type":"progress","have":1e}',
    '[,]',
    'undefined',
    'NaN',
    '"unterminated',
    '{"a":"\\x41"}',
    '{"a":"\\ud800\\u"}',
    String.fromCharCode(...Array.from({ length: random.between(1, 64) }, () => random.between(1, 0xff))),
    hostileText(random),
  ]);
}

/** A binary frame: a real message's JSON (which must still be refused), or random bytes. */
export function binaryFrame(random: SeededRandom, messageJson: string): Frame {
  const bytes = random.chance(0.5)
    ? Buffer.from(messageJson)
    : Buffer.from(Array.from({ length: random.between(0, 2048) }, () => random.below(256)));
  return { kind: 'binary', bytes };
}

/**
 * A frame at the size limit that must still be read: a join padded with whitespace to the last byte,
 * or multi-byte text whose UTF-16 length is well under the limit but whose UTF-8 length is close to it.
 */
export function nearSizeLimit(random: SeededRandom, swarmId: string): string {
  const join = toJsonText({ type: 'join', swarmId });
  if (random.chance(0.5)) return join + ' '.repeat(MAX_TRACKER_MESSAGE_BYTES - join.length - random.below(3));
  const unit = random.pick(['é', '€']);
  const wrapper = toJsonText({ type: 'join', swarmId: '' });
  const count =
    Math.floor((MAX_TRACKER_MESSAGE_BYTES - wrapper.length) / Buffer.byteLength(unit)) - random.below(2);
  return toJsonText({ type: 'join', swarmId: unit.repeat(count) });
}

/** One byte over the limit: plain text, multi-byte text (short in characters, long in bytes), or binary. */
export function oversizedFrame(random: SeededRandom): Frame {
  const over = MAX_TRACKER_MESSAGE_BYTES + 1;
  switch (random.below(3)) {
    case 0:
      return textFrame(' '.repeat(over));
    case 1:
      return textFrame('€'.repeat(Math.ceil(over / 3)));
    default:
      return { kind: 'binary', bytes: Buffer.alloc(over + random.below(1000), 0x7b) };
  }
}

/** A join whose text frame carries bytes that are not UTF-8: a stray byte, an overlong form, a surrogate. */
export function invalidUtf8(random: SeededRandom): Frame {
  const bad = random.pick([
    [0xff],
    [0xfe, 0xff],
    [0xc3, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
  ]);
  const bytes = Buffer.concat([
    Buffer.from('{"type":"join","swarmId":"'),
    Buffer.from(bad),
    Buffer.from('"}'),
  ]);
  return { kind: 'raw-text', bytes };
}

/** Three bursts' worth of one frame at once: refused with 'rate-limited', then the socket is closed. */
export function flood(random: SeededRandom, messageBurst: number): Frame[] {
  const text = random.chance(0.5)
    ? toJsonText({ type: 'join', swarmId: random.hex(64) })
    : malformedJson(random) || '{';
  const frame = textFrame(text);
  return Array.from({ length: 3 * messageBurst }, () => frame);
}
