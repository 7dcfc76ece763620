/**
 * Validation of `tools` / `toolConfig` and of thought signatures. Function names follow Google's rule
 * (start with a letter or underscore; letters, digits, `_ . : -`; at most 64 characters), names are
 * unique, `parameters` (Schema) and `parametersJsonSchema` exclude each other, `allowedFunctionNames`
 * only with mode ANY and only naming declared functions. Thought signatures follow
 * ai.google.dev/gemini-api/docs/thought-signatures: on Gemini 3 every step of the *current turn* (after
 * the last user message that is not only function responses) must send back the signature of its
 * first function call (400 otherwise); Gemini 2.5 validates nothing. The documented dummy values
 * (`skip_thought_signature_validator`, `context_engineering_is_the_way_to_go`) skip the check, and a
 * signature this simulator did not issue is "Corrupted" — so a gateway that rewrites them is caught.
 */
import { canonicalJson, sha256Hex } from '../determinism.ts';
import type { Dialect } from './dialect.ts';
import { GoogleError, type FieldViolation } from './errors.ts';
import type { GeminiModel } from './models.ts';
import { decodeBase64 } from './media.ts';
import { currentTurnStart } from './validate-contents.ts';
import { checkSchema } from './validate-config.ts';
import type { Content, FunctionDeclaration, Tool, ToolConfig } from './types.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const NAME_RULE = 'Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), '
  + 'underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.';

export type CallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface ToolPlan {
  declarations: FunctionDeclaration[];
  mode: CallingMode;
  /** Restriction from `allowedFunctionNames` (mode ANY). */
  allowed?: string[];
}

export function checkTools(tools: readonly Tool[] | undefined, toolConfig: ToolConfig | undefined, violations: FieldViolation[]): ToolPlan {
  const declarations: FunctionDeclaration[] = [];
  const seen = new Set<string>();
  (tools ?? []).forEach((tool, i) => {
    (tool.functionDeclarations ?? []).forEach((fn, j) => {
      const at = `tools[${i}].function_declarations[${j}]`;
      if (!fn.name || !NAME.test(fn.name)) violations.push({ field: `${at}.name`, description: NAME_RULE });
      else if (seen.has(fn.name)) violations.push({ field: `${at}.name`, description: `Duplicate function declaration name: ${fn.name}` });
      if (fn.name) seen.add(fn.name);
      if (fn.parameters && fn.parametersJsonSchema !== undefined) {
        violations.push({ field: at, description: 'parameters and parameters_json_schema cannot both be set' });
      }
      if (fn.parameters) checkSchema(fn.parameters, `${at}.parameters`, violations);
      declarations.push(fn);
    });
  });
  const config = toolConfig?.functionCallingConfig ?? {};
  const mode = (config.mode && config.mode !== 'MODE_UNSPECIFIED' ? config.mode : 'AUTO') as CallingMode;
  const allowed = config.allowedFunctionNames;
  if ((mode === 'ANY' || mode === 'VALIDATED') && declarations.length === 0) {
    throw new GoogleError(400, 'Function calling config is set without function_declarations.');
  }
  if (allowed?.length) {
    if (mode !== 'ANY' && mode !== 'VALIDATED') {
      violations.push({ field: 'tool_config.function_calling_config.allowed_function_names', description: 'allowed_function_names may only be set when mode is ANY' });
    }
    allowed.forEach((name, i) => {
      if (!seen.has(name)) violations.push({ field: `tool_config.function_calling_config.allowed_function_names[${i}]`, description: `function ${name} is not declared` });
    });
  }
  return { declarations, mode, ...(allowed?.length ? { allowed } : {}) };
}

// ------------------------------------------------------------------ thought signatures

const MAGIC = 'TSG1';
export const DUMMY_SIGNATURES = ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go'];

/** A deterministic opaque signature (base64) for a part this simulator produced. */
export function issueSignature(model: GeminiModel, hash: string, label: string, payload: unknown): string {
  const digest = Buffer.from(sha256Hex(`${model.version}\n${hash}\n${label}\n${canonicalJson(payload)}`), 'hex');
  const mac = Buffer.from(sha256Hex(`touchstone-signature\n${digest.toString('hex')}`), 'hex').subarray(0, 16);
  return Buffer.concat([Buffer.from(MAGIC), digest, mac]).toString('base64');
}

function issuedHere(signature: string): boolean {
  const bytes = Buffer.from(decodeBase64(signature));
  if (bytes.length !== 4 + 32 + 16 || bytes.subarray(0, 4).toString() !== MAGIC) return false;
  const mac = Buffer.from(sha256Hex(`touchstone-signature\n${bytes.subarray(4, 36).toString('hex')}`), 'hex').subarray(0, 16);
  return mac.equals(bytes.subarray(36));
}

/** Gemini 3: each model step of the current turn must carry its first function call's signature. */
export function checkSignatures(contents: readonly Content[], model: GeminiModel, dialect: Dialect): void {
  if (!model.enforceSignatures) return;
  for (let i = currentTurnStart(contents); i < contents.length; i++) {
    const content = contents[i]!;
    if (content.role !== 'model') continue;
    const first = (content.parts ?? []).find((p) => p.functionCall);
    if (!first) continue;
    const signature = first.thoughtSignature;
    if (!signature) throw dialect.signatureMissing(first.functionCall!.name ?? '', i);
    if (!DUMMY_SIGNATURES.includes(signature) && !issuedHere(signature)) throw new GoogleError(400, 'Corrupted thought signature.');
  }
}
