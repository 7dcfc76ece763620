/**
 * A readable schema or grammar violation: where (JSON pointer into the validated value), what the
 * contract expected and what was actually there. Used by spec/ validators, suites/ checks and reports/.
 */
export interface Violation {
  /** JSON pointer into the validated body or event, "" for the whole value (e.g. "/choices/0/delta/role"). */
  pointer: string;
  /** What the contract requires, in words (e.g. "string", "one of stop, length, tool_calls", "present"). */
  expected: string;
  /** What was observed, short (e.g. "number 3", "missing", "\"foo\""). */
  actual: string;
  /** One line a person can read: `${pointer}: expected ${expected}, got ${actual}` or better. */
  message: string;
  /** Machine-friendly origin: an ajv keyword ("type", "required", "enum"...) or a grammar rule id. */
  rule?: string;
}

export function violation(pointer: string, expected: string, actual: string, rule?: string): Violation {
  const where = pointer === '' ? '(body)' : pointer;
  return { pointer, expected, actual, message: `${where}: expected ${expected}, got ${actual}`, ...(rule ? { rule } : {}) };
}

/** Short description of a value for `actual`: its JSON type and a clipped rendering. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  const type = Array.isArray(value) ? 'array' : typeof value;
  let text: string;
  try { text = JSON.stringify(value) ?? String(value); } catch { text = String(value); }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return type === 'string' ? text : `${type} ${text}`;
}
