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
  // UTF-16 length ≤ UTF-8 byte length ≤ 3 × UTF-16 length; the cheap bound refuses most oversized frames
  // without encoding them.
  if (raw.length > maxBytes) return fail(`${what}: message of ${raw.length} characters exceeds ${maxBytes}`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return fail(`${what}: malformed JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return fail(`${what}: invalid message${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return ok(parsed.data);
}
