/**
 * Turns ajv errors into readable violations.
 *
 * - pointer is the instance path (for `required`, with the missing property appended, actual "missing");
 * - expected is in words ("string", "one of stop, length", "const \"chat.completion\"", "present");
 * - a failed oneOf/anyOf is narrowed to ONE branch instead of a wall of errors: first by JSON type,
 *   then by a discriminating `type` / `role` / `object` const, then by the branch with fewest errors;
 *   that branch is re-validated on its own and its (recursively narrowed) errors are reported.
 */
import type { ErrorObject } from 'ajv';
import { describeValue, violation, type Violation } from './violation.ts';

/** What the narrowing needs from the compiler (implemented by SchemaRegistry). */
export interface SchemaContext {
  errors(schema: unknown, data: unknown): ErrorObject[];
  deref(schema: unknown): unknown;
  reachable(root: object): Set<unknown>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const DISCRIMINATORS = ['type', 'role', 'object'];

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    else return undefined;
  }
  return node;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function listValues(values: unknown[], max = 12): string {
  const shown = values.slice(0, max).map(formatValue).join(', ');
  return values.length > max ? `${shown}, ... (${values.length} values)` : shown;
}

function typesOf(schema: unknown): string[] | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  if ('const' in schema) return [jsonType(schema.const) === 'integer' ? 'number' : jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map((v) => (jsonType(v) === 'integer' ? 'number' : jsonType(v))))];
  return undefined;
}

function acceptsType(schema: unknown, type: string): boolean {
  const types = typesOf(schema);
  if (!types) return true;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function describeBranch(schema: unknown): string {
  if (isObject(schema) && 'const' in schema) return `const ${JSON.stringify(schema.const)}`;
  const types = typesOf(schema);
  return types ? types.join(' or ') : 'a value';
}

/** The values a branch allows for a discriminating property, or undefined when it does not pin one. */
function pinnedValues(branch: unknown, key: string, ctx: SchemaContext): unknown[] | undefined {
  if (!isObject(branch) || !isObject(branch.properties)) return undefined;
  const prop = ctx.deref(branch.properties[key]);
  if (!isObject(prop)) return undefined;
  if ('const' in prop) return [prop.const];
  if (Array.isArray(prop.enum)) return prop.enum;
  return undefined;
}

function isPureRequired(schema: unknown): schema is { required: string[] } {
  return isObject(schema) && Object.keys(schema).length === 1 && Array.isArray(schema.required);
}

/** One non-union ajv error as a violation. */
function single(e: ErrorObject, root: unknown, base: string): Violation {
  const p = e.params as Record<string, unknown>;
  const pointer = base + e.instancePath;
  const actual = () => describeValue(valueAt(root, e.instancePath));
  switch (e.keyword) {
    case 'required':
      return violation(`${pointer}/${escapePointerToken(String(p.missingProperty))}`, 'present', 'missing', 'required');
    case 'type': {
      const types = Array.isArray(p.type) ? p.type : String(p.type).split(',');
      return violation(pointer, types.join(' or '), actual(), 'type');
    }
    case 'enum':
      return violation(pointer, `one of ${listValues(p.allowedValues as unknown[])}`, actual(), 'enum');
    case 'const':
      return violation(pointer, `const ${JSON.stringify(p.allowedValue)}`, actual(), 'const');
    case 'additionalProperties': {
      const key = escapePointerToken(String(p.additionalProperty));
      return violation(`${pointer}/${key}`, 'no such property', describeValue(valueAt(root, `${e.instancePath}/${key}`)), e.keyword);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return violation(pointer, `number ${String(p.comparison)} ${String(p.limit)}`, actual(), e.keyword);
    case 'minItems':
      return violation(pointer, `at least ${String(p.limit)} item(s)`, actual(), e.keyword);
    case 'maxItems':
      return violation(pointer, `at most ${String(p.limit)} item(s)`, actual(), e.keyword);
    case 'minLength':
      return violation(pointer, `at least ${String(p.limit)} character(s)`, actual(), e.keyword);
    case 'maxLength':
      return violation(pointer, `at most ${String(p.limit)} character(s)`, actual(), e.keyword);
    case 'minProperties':
      return violation(pointer, `at least ${String(p.limit)} propert${p.limit === 1 ? 'y' : 'ies'}`, actual(), e.keyword);
    case 'maxProperties':
      return violation(pointer, `at most ${String(p.limit)} properties`, actual(), e.keyword);
    case 'pattern':
      return violation(pointer, `string matching /${String(p.pattern)}/`, actual(), e.keyword);
    case 'format':
      return violation(pointer, `format ${String(p.format)}`, actual(), e.keyword);
    case 'not': {
      const schema = e.schema as Json;
      const expected = Array.isArray(schema?.enum) ? `a value other than ${listValues(schema.enum, 6)}` : 'a value not matching the excluded schema';
      return violation(pointer, expected, actual(), e.keyword);
    }
    default:
      return violation(pointer, e.message ?? e.keyword, actual(), e.keyword);
  }
}

/** Replace a failed oneOf/anyOf with the errors of its most specific branch. */
function narrowUnion(e: ErrorObject, root: unknown, ctx: SchemaContext, base: string): Violation[] {
  const pointer = base + e.instancePath;
  const value = valueAt(root, e.instancePath);
  const branches = (Array.isArray(e.schema) ? e.schema : []) as unknown[];
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing) && passing.length > 1) {
    return [violation(pointer, `exactly one of ${branches.length} alternatives`, `${describeValue(value)} (matches alternatives ${passing.join(' and ')})`, 'oneOf')];
  }
  if (branches.length > 0 && branches.every(isPureRequired)) {
    const names = [...new Set(branches.flatMap((b) => b.required))];
    return [violation(pointer, `one of the properties ${names.join(', ')}`, describeValue(value), e.keyword)];
  }
  const resolved = branches.map((b) => ctx.deref(b));
  const type = jsonType(value);
  let candidates = resolved.map((_, i) => i).filter((i) => acceptsType(resolved[i], type));
  if (candidates.length === 0) {
    const expected = [...new Set(resolved.map(describeBranch))].join(' or ');
    return [violation(pointer, expected, describeValue(value), 'type')];
  }
  if (isObject(value) && candidates.length > 1) {
    const parent = e.parentSchema as Json | undefined;
    const declared = isObject(parent?.discriminator) ? String(parent.discriminator.propertyName) : undefined;
    for (const key of [...new Set([declared, ...DISCRIMINATORS].filter((k): k is string => !!k))]) {
      const pinned = candidates.filter((i) => pinnedValues(resolved[i], key, ctx) !== undefined);
      if (pinned.length === 0) continue;
      const matching = pinned.filter((i) => pinnedValues(resolved[i], key, ctx)!.includes(value[key]));
      if (matching.length > 0) {
        candidates = matching;
        break;
      }
      const open = candidates.filter((i) => pinnedValues(resolved[i], key, ctx) === undefined);
      if (open.length > 0) {
        candidates = open;
        break;
      }
      const allowed = [...new Set(pinned.flatMap((i) => pinnedValues(resolved[i], key, ctx)!))];
      return [violation(`${pointer}/${escapePointerToken(key)}`, `one of ${listValues(allowed)}`, describeValue(value[key]), 'discriminator')];
    }
  }
  // Fewest violations wins; on a tie, the branch whose violations are deepest (it matched more).
  const depth = (vs: Violation[]) => Math.max(...vs.map((v) => v.pointer.split('/').length));
  let best: Violation[] | undefined;
  for (const i of candidates) {
    const errors = ctx.errors(branches[i], value);
    if (errors.length === 0) continue;
    const found = toViolations(errors, value, ctx, pointer);
    if (!best || found.length < best.length || (found.length === best.length && depth(found) > depth(best))) best = found;
  }
  return best ?? [violation(pointer, e.message ?? e.keyword, describeValue(value), e.keyword)];
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Map ajv errors for `root` (validated at `base`) to deduplicated, readable violations. */
export function toViolations(errors: ErrorObject[], root: unknown, ctx: SchemaContext, base = ''): Violation[] {
  const groups: Violation[][] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const e = errors[i]!;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      // The branch errors ajv collected sit immediately before the union error: drop them.
      const reach = Array.isArray(e.schema) ? ctx.reachable(e.schema) : new Set<unknown>();
      let j = i - 1;
      while (j >= 0 && isUnder(errors[j]!.instancePath, e.instancePath) && reach.has(errors[j]!.parentSchema)) j--;
      groups.push(narrowUnion(e, root, ctx, base));
      i = j;
      continue;
    }
    if (e.keyword !== 'if') groups.push([single(e, root, base)]);
    i--;
  }
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const v of groups.reverse().flat()) {
    const key = `${v.pointer}\u0000${v.expected}\u0000${v.actual}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
