import type { z } from 'zod';
import { fail, ok, type ParseResult } from './parse-result.ts';

/**
 * Parses untrusted JSON text against a schema. Checks the size before JSON.parse so an oversized
 * frame costs nothing, and turns every failure (bad JSON, wrong shape, unknown type) into an error string.
 */
export function parseJsonText<T>(
  raw: unknown,
  schema: z.ZodType<T>,
  maxBytes: number,
  what: string,
): ParseResult<T> {
  if (typeof raw !== 'string') return fail(`${what}: expected a JSON text frame`);
  // UTF-16 length ≤ UTF-8 byte length ≤ 3 × UTF-16 length: the cheap bounds settle most frames without
  // counting bytes.
  if (raw.length > maxBytes) return fail(`${what}: message of ${raw.length} characters exceeds ${maxBytes}`);
  if (raw.length * 3 > maxBytes) {
    const bytes = utf8Length(raw);
    if (bytes > maxBytes) return fail(`${what}: message of ${bytes} bytes exceeds ${maxBytes}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return fail(`${what}: malformed JSON`);
  }
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(data);
  } catch {
    return fail(`${what}: message nested too deeply`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${clip(issue.path.join('.'))}` : '';
    return fail(`${what}: invalid message${where}: ${clip(issue?.message ?? 'unknown problem')}`);
  }
  return ok(parsed.data);
}

/** Error texts quote what the sender wrote; keep them short enough to pass on in a reply. */
const clip = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Bytes of the UTF-8 encoding of `s`, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
