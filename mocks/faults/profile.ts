/**
 * Reading and validating fault profiles (YAML or JSON files, request headers, PUT bodies) with ajv.
 * Every problem names where the profile came from, the path inside it and what was expected:
 *   `faults.yaml: rules[0].fault.afterEvents: expected an integer >= 0, got -1`
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { BUILTIN_FAULTS } from './presets.ts';
import { faultSchema, profileSchema } from './schema.ts';
import { FAULT_KINDS, type Fault, type FaultProfile } from './types.ts';

export class FaultProfileError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'FaultProfileError';
  }
}

let compiled: { profile: ValidateFunction; fault: ValidateFunction } | undefined;

function validators() {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, discriminator: true, strict: false });
    compiled = { profile: ajv.compile(profileSchema), fault: ajv.compile(faultSchema) };
  }
  return compiled;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `/rules/0/fault` → `rules[0].fault`; the root is `(root)`. */
function displayPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

function formatError(e: ErrorObject): string | undefined {
  const at = displayPath(e.instancePath);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'if': case 'const': case 'oneOf': return undefined;
    case 'anyOf': return `${at}: expected a "status" or a "preset"`;
    case 'required':
      if (e.schemaPath.includes('/anyOf/')) return undefined;
      return `${displayPath(e.instancePath, p.missingProperty)}: expected a value (required), got nothing`;
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      if (name === 'probability') return `${displayPath(e.instancePath, name)}: not supported — faults are deterministic; use "times"`;
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return `${displayPath(e.instancePath, name)}: unknown property; expected one of ${allowed.join(', ')}`;
    }
    case 'discriminator':
      return `${displayPath(e.instancePath, 'kind')}: expected one of ${FAULT_KINDS.join(', ')}, got ${describe(p.tagValue)}`;
    case 'enum': return `${at}: expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describe(e.data)}`;
    case 'type': return `${at}: expected ${[p.type].flat().join(' or ')}, got ${describe(e.data)}`;
    case 'minimum': case 'maximum': return `${at}: expected a number ${p.comparison} ${p.limit}, got ${describe(e.data)}`;
    case 'minLength': return `${at}: expected a non-empty string`;
    case 'pattern': return `${at}: expected a name of letters, digits, "_", "." or "-", got ${describe(e.data)}`;
    case 'propertyNames': return `${at}: fault name ${JSON.stringify(p.propertyName)}: expected letters, digits, "_", "." or "-"`;
    default: return `${at}: ${e.message ?? e.keyword}`;
  }
}

function problemsOf(errors: readonly ErrorObject[] | null | undefined): string[] {
  const out = (errors ?? []).map(formatError).filter((m): m is string => m !== undefined);
  return [...new Set(out)].slice(0, 10);
}

/** Validate an already-parsed profile; `source` names it in errors (a file path, "PUT /_touchstone/faults"). */
export function validateFaultProfile(value: unknown, source: string): FaultProfile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FaultProfileError(source, [`(root): expected an object with "faults" and/or "rules", got ${describe(value)}`]);
  }
  const { profile } = validators();
  if (!profile(value)) throw new FaultProfileError(source, problemsOf(profile.errors));
  const result = value as FaultProfile;
  const problems: string[] = [];
  result.rules?.forEach((rule, i) => {
    if (typeof rule.fault === 'string' && !result.faults?.[rule.fault] && !BUILTIN_FAULTS[rule.fault]) {
      const known = [...Object.keys(result.faults ?? {}), ...Object.keys(BUILTIN_FAULTS)];
      problems.push(`rules[${i}].fault: expected a fault name defined under "faults" or built in (${known.join(', ')}), got ${describe(rule.fault)}`);
    }
  });
  if (problems.length) throw new FaultProfileError(source, problems);
  return result;
}

/** Validate one fault (inline JSON from a header or a body marker). */
export function validateFault(value: unknown, source: string): Fault {
  const { fault } = validators();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FaultProfileError(source, [`(root): expected a fault object with a "kind", got ${describe(value)}`]);
  }
  if (!fault(value)) throw new FaultProfileError(source, problemsOf(fault.errors));
  return value as Fault;
}

/** Parse YAML or JSON text (JSON is YAML) and validate it as a profile. */
export function parseFaultProfile(text: string, source: string): FaultProfile {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new FaultProfileError(source, doc.errors.slice(0, 3).map((e) => {
      const pos = e.linePos?.[0];
      const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}expected valid YAML or JSON (${reason})`;
    }));
  }
  return validateFaultProfile(doc.toJS() ?? {}, source);
}

/** Read and validate a profile file. */
export function loadFaultProfile(file: string): FaultProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FaultProfileError(file, [`expected a readable file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  return parseFaultProfile(text, file);
}
