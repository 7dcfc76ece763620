/**
 * Validation of `contents` and `systemInstruction` after parsing, with Google's messages: empty
 * contents or parts, a part with no data, unsupported MIME types, unnamed function calls/responses,
 * roles (`user` / `model`; the Gemini API reads a missing role as `user`, Vertex refuses it), and the
 * documented turn order of function calling (a function-response turn right after a call turn, with
 * as many responses as calls; a call turn right after a user or function-response turn).
 */
import { GoogleError, type FieldViolation } from './errors.ts';
import { mediaModality } from './media.ts';
import type { Content, Part } from './types.ts';

const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult', 'toolCall', 'toolResponse'] as const;

function hasData(part: Part): boolean {
  return DATA_FIELDS.some((k) => (k === 'text' ? Boolean(part.text) : part[k] !== undefined)) || Boolean(part.thoughtSignature);
}

export function checkParts(parts: readonly Part[], path: string, violations: FieldViolation[]): void {
  parts.forEach((part, j) => {
    const at = `${path}[${j}]`;
    if (!hasData(part)) violations.push({ field: `${at}.data`, description: "required oneof field 'data' must have one initialized field" });
    const media = part.inlineData ?? part.fileData;
    if (media && !mediaModality(media.mimeType ?? '')) throw new GoogleError(400, `Unsupported MIME type: ${media.mimeType ?? ''}`);
    if (part.fileData && !part.fileData.fileUri) violations.push({ field: `${at}.file_data.file_uri`, description: 'file_uri must not be empty' });
    if (part.functionCall && !part.functionCall.name) violations.push({ field: `${at}.function_call.name`, description: 'Name cannot be empty.' });
    if (part.functionResponse && !part.functionResponse.name) violations.push({ field: `${at}.function_response.name`, description: 'Name cannot be empty.' });
  });
}

/** Contents with roles resolved; structural problems pushed to `violations`, role problems thrown. */
export function checkContents(contents: readonly Content[] | undefined, roleRequired: boolean, violations: FieldViolation[]): Content[] {
  if (!contents?.length) {
    violations.push({ field: 'contents', description: 'contents is not specified' });
    return [];
  }
  return contents.map((content, i) => {
    if (!content.parts?.length) violations.push({ field: `contents[${i}].parts`, description: 'contents.parts must not be empty.' });
    else checkParts(content.parts, `contents[${i}].parts`, violations);
    const role = content.role || (roleRequired ? '' : 'user');
    if (role !== 'user' && role !== 'model') throw new GoogleError(400, 'Please use a valid role: user, model.');
    return { role, parts: content.parts ?? [] };
  });
}

const calls = (c: Content | undefined) => (c?.parts ?? []).filter((p) => p.functionCall).length;
const responses = (c: Content | undefined) => (c?.parts ?? []).filter((p) => p.functionResponse).length;

/** The function-calling turn order the API enforces. */
export function checkTurnOrder(contents: readonly Content[]): void {
  contents.forEach((content, i) => {
    const previous = contents[i - 1];
    if (responses(content) > 0) {
      if (!previous || previous.role !== 'model' || calls(previous) === 0) {
        throw new GoogleError(400, 'Please ensure that function response turn comes immediately after a function call turn.');
      }
      if (responses(content) !== calls(previous)) {
        throw new GoogleError(400, 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.');
      }
    }
    if (content.role === 'model' && calls(content) > 0 && previous && previous.role !== 'user') {
      throw new GoogleError(400, 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
  });
}

/** Index of the first content of the current turn: after the last user content that is not only function responses. */
export function currentTurnStart(contents: readonly Content[]): number {
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]!;
    if (c.role === 'user' && (c.parts ?? []).some((p) => !p.functionResponse)) return i + 1;
  }
  return 0;
}

/** The text of the last user content that carries text (what the simulated model "answers"). */
export function lastUserText(contents: readonly Content[]): string {
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]!;
    if (c.role !== 'user') continue;
    const text = (c.parts ?? []).map((p) => p.text ?? '').join(' ').trim();
    if (text) return text;
  }
  return '';
}
