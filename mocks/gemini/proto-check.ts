/**
 * Proto-JSON parsing the way Google's front end does it, against a descriptor (proto.ts): every
 * violation found (unknown names, wrong scalar types, lists on singular fields, objects on scalars,
 * two members of one oneof, undecodable bytes, unknown enum names) becomes one line of a 400
 * INVALID_ARGUMENT with a BadRequest detail. Paths in messages use the proto (snake_case) names and
 * `[i]` indices; map entries are `[i].value`, as Google prints them. On success it returns the body
 * normalised to lowerCamel names, enum names upper-cased and int64 strings as numbers, so the rest of
 * the simulator reads one spelling. Enum names are matched case-insensitively (the Gemini API accepts
 * `"type": "object"` in schemas).
 */
import { payloadError, type FieldViolation } from './errors.ts';
import { camelCase, snakeCase, type Descriptor, type FieldDef, type FieldType } from './proto.ts';

const SCALAR_TYPE_NAMES: Record<string, string> = {
  string: 'TYPE_STRING', bytes: 'TYPE_BYTES', bool: 'TYPE_BOOL', int32: 'TYPE_INT32', int64: 'TYPE_INT64', float: 'TYPE_FLOAT', double: 'TYPE_DOUBLE',
};

/** Standard or URL-safe base64, padded or not (what Google's bytes parser accepts). */
export function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) && value.replace(/=+$/, '').length % 4 !== 1;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

class Walker {
  readonly violations: FieldViolation[] = [];
  constructor(private readonly descriptor: Descriptor, private readonly typePrefix: string) {}

  private fail(field: string, description: string): undefined {
    this.violations.push({ ...(field ? { field } : {}), description });
    return undefined;
  }

  private invalid(path: string, typeName: string, shown: string): undefined {
    return this.fail(path, `Invalid value at '${path}' (${typeName}), ${shown}`);
  }

  message(name: string, value: unknown, path: string): Record<string, unknown> | undefined {
    const def = this.descriptor[name];
    if (!def) return isObject(value) ? value : undefined;
    if (Array.isArray(value)) return this.fail(path, 'Invalid JSON payload received. Proto field is not repeating, cannot start list.');
    if (!isObject(value)) return this.invalid(path, `type.googleapis.com/${this.typePrefix}${name}`, show(value));
    const out: Record<string, unknown> = {};
    const oneofs = new Map<string, string>();
    for (const [key, raw] of Object.entries(value)) {
      const proto = snakeCase(key);
      const field = def[proto];
      if (!field) {
        const where = path ? ` at '${path}'` : '';
        this.fail(path, `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${where}: Cannot find field.`);
        continue;
      }
      if (raw === null) continue;
      const childPath = path ? `${path}.${proto}` : proto;
      if (field.oneof) {
        const taken = oneofs.get(field.oneof);
        if (taken !== undefined) {
          this.fail(path, `Invalid value at '${path}' (oneof), oneof field '${field.oneof}' is already set. Cannot set '${key}'`);
          continue;
        }
        oneofs.set(field.oneof, key);
      }
      const parsed = this.field(field, raw, childPath);
      if (parsed !== undefined) out[camelCase(proto)] = parsed;
    }
    return out;
  }

  private field(field: FieldDef, value: unknown, path: string): unknown {
    if (!field.repeated) return this.value(field.type, value, path);
    if (!Array.isArray(value)) {
      // A single value where a list is expected is read as a one-element list.
      const single = this.value(field.type, value, path);
      return single === undefined ? undefined : [single];
    }
    const out: unknown[] = [];
    value.forEach((item, i) => {
      if (Array.isArray(item)) { this.fail(`${path}[${i}]`, 'Invalid JSON payload received. Proto field is not repeating, cannot start list.'); return; }
      const parsed = this.value(field.type, item, `${path}[${i}]`);
      if (parsed !== undefined) out.push(parsed);
    });
    return out;
  }

  private value(type: FieldType, value: unknown, path: string): unknown {
    if (typeof type === 'object') {
      if ('message' in type) return this.message(type.message, value, path);
      if ('enum' in type) return this.enumValue(type.enum, type.values, value, path);
      if (!isObject(value)) return this.invalid(path, 'map', show(value));
      const out: Record<string, unknown> = {};
      Object.entries(value).forEach(([k, v], i) => {
        const parsed = this.value(type.map, v, `${path}[${i}].value`);
        if (parsed !== undefined) out[k] = parsed;
      });
      return out;
    }
    switch (type) {
      case 'any': case 'value': return value;
      case 'struct':
        return isObject(value) ? value : this.invalid(path, 'type.googleapis.com/google.protobuf.Struct', Array.isArray(value) ? '[...]' : show(value));
      default: return this.scalar(type, value, path);
    }
  }

  private scalar(type: string, value: unknown, path: string): unknown {
    const typeName = SCALAR_TYPE_NAMES[type]!;
    if (Array.isArray(value)) return this.fail(path, 'Invalid JSON payload received. Proto field is not repeating, cannot start list.');
    if (isObject(value)) return this.invalid(path, typeName, 'Starting an object on a scalar field');
    switch (type) {
      case 'string': return typeof value === 'string' ? value : this.invalid(path, typeName, show(value));
      case 'bool': return typeof value === 'boolean' ? value : this.invalid(path, typeName, show(value));
      case 'bytes':
        if (typeof value !== 'string') return this.invalid(path, typeName, show(value));
        return isBase64(value) ? value : this.invalid(path, typeName, `Base64 decoding failed for ${JSON.stringify(value)}`);
      case 'int32': case 'int64': {
        const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
        const limit = type === 'int32' ? 2 ** 31 : 2 ** 63;
        return typeof n === 'number' && Number.isInteger(n) && n >= -limit && n < limit ? n : this.invalid(path, typeName, show(value));
      }
      default: {
        const n = typeof value === 'string' && /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(value) ? Number(value) : value;
        return typeof n === 'number' && Number.isFinite(n) ? n : this.invalid(path, typeName, show(value));
      }
    }
  }

  private enumValue(name: string, values: readonly string[], value: unknown, path: string): unknown {
    if (typeof value === 'number' && Number.isInteger(value) && values[value] !== undefined) return values[value];
    const found = typeof value === 'string' ? values.find((v) => v === value.toUpperCase()) : undefined;
    return found ?? this.invalid(path, `type.googleapis.com/${this.typePrefix}${name}`, Array.isArray(value) || isObject(value) ? '{...}' : show(value));
  }
}

/** Parse `body` as message `name`; throws the 400 Google answers when anything is wrong. */
export function checkProto<T = Record<string, unknown>>(descriptor: Descriptor, name: string, body: unknown, typePrefix: string): T {
  const walker = new Walker(descriptor, typePrefix);
  const out = walker.message(name, body, '');
  if (walker.violations.length) throw payloadError(walker.violations);
  return (out ?? {}) as T;
}
