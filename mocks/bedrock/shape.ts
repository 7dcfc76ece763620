/**
 * Checking a JSON request body against Bedrock's API model the way AWS's service framework does, in
 * two passes: a member of the wrong JSON type fails deserialization first (SerializationException, with
 * the framework's wording: "Start of list found where not expected", "STRING_VALUE can not be converted
 * to an Integer"), then every constraint violation is collected into one ValidationException
 * ("2 validation errors detected: Value … at 'messages.1.member.role' failed to satisfy constraint: …",
 * list elements as `<list>.<1-based index>.member`). Unknown members are ignored, as the framework does.
 */
import { errors, type BedrockError, type ConstraintViolation } from './errors.ts';

export type JsonObject = Record<string, unknown>;

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value;
}

/** Thrown by the checker on the first member of the wrong type; caught by `checkShape`. */
class WrongType extends Error {
  constructor(readonly error: BedrockError) { super(error.message); }
}

export class ShapeChecker {
  readonly violations: ConstraintViolation[] = [];

  /** `<list>.<i+1>.member`: the framework's name for a list element. */
  static item(path: string, index: number): string {
    return `${path}.${index + 1}.member`;
  }

  #wrong(value: unknown, target: string): never {
    const kind = jsonKind(value);
    let message: string;
    if (kind === 'list') message = 'Start of list found where not expected';
    else if (kind === 'object') message = 'Start of structure or map found where not expected.';
    else message = `${kind === 'string' ? 'STRING_VALUE' : kind === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE'} can not be converted to ${target}`;
    throw new WrongType(errors.serialization(message));
  }

  object(value: unknown): JsonObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (jsonKind(value) !== 'object') this.#wrong(value, 'a Structure');
    return value as JsonObject;
  }

  list(value: unknown): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.#wrong(value, 'a List');
    return value;
  }

  string(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.#wrong(value, 'a String');
    return value;
  }

  integer(value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') this.#wrong(value, 'an Integer');
    return Math.trunc(value);
  }

  float(value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') this.#wrong(value, 'a Float');
    return value;
  }

  boolean(value: unknown): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.#wrong(value, 'a Boolean');
    return value;
  }

  violation(path: string, value: unknown, constraint: string): void {
    this.violations.push({ path, value, constraint });
  }

  required(value: unknown, path: string): boolean {
    if (value !== undefined && value !== null) return true;
    this.violation(path, null, 'Member must not be null');
    return false;
  }

  oneOf(value: string | undefined, path: string, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value)) this.violation(path, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }

  range(value: number | undefined, path: string, min?: number, max?: number): void {
    if (value === undefined) return;
    if (min !== undefined && value < min) this.violation(path, value, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.violation(path, value, `Member must have value less than or equal to ${max}`);
  }

  length(value: string | readonly unknown[] | undefined, path: string, min?: number, max?: number): void {
    if (value === undefined) return;
    if (min !== undefined && value.length < min) this.violation(path, value, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && value.length > max) this.violation(path, value, `Member must have length less than or equal to ${max}`);
  }

  pattern(value: string | undefined, path: string, pattern: RegExp, shown = pattern.source): void {
    if (value !== undefined && !pattern.test(value)) this.violation(path, value, `Member must satisfy regular expression pattern: ${shown}`);
  }

  /** A union structure: exactly one of `members` set; returns the one that is. */
  union(value: JsonObject | undefined, path: string, members: readonly string[]): string | undefined {
    if (!value) return undefined;
    const set = members.filter((m) => value[m] !== undefined && value[m] !== null);
    if (set.length === 1) return set[0];
    this.violation(path, value, set.length ? 'Member must have exactly one member set' : `Member must have one of its members set: [${members.join(', ')}]`);
    return undefined;
  }
}

/** Run `check` (which reads the body through the checker); the first error AWS would answer, or the result. */
export function checkShape<T>(check: (c: ShapeChecker) => T): T | BedrockError {
  const checker = new ShapeChecker();
  try {
    const result = check(checker);
    return checker.violations.length ? errors.constraints(checker.violations) : result;
  } catch (error) {
    if (error instanceof WrongType) return error.error;
    throw error;
  }
}
