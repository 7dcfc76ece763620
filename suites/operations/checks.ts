/**
 * The per-operation checks (suites/operations/): for every HTTP operation of spec/gateway.yaml, the
 * contract of its answer to a valid request (status, content type, schema, documented headers), its
 * auth (no key, bad key), negative data rejection and positive acceptance — plus the two route checks
 * (unknown route 404, wrong method 405 with Allow). Generated from listOperations() so a new operation
 * in the contract gets its checks without an edit here; the realtime WebSocket is another suite's.
 */
import type { CheckInfo } from '../../reports/model.ts';
import { listOperations, type OperationInfo } from '../../spec/index.ts';
import { POSITIVE } from './positive.ts';

/** Operations whose positive acceptance is a MUST (the core APIs); elsewhere a SHOULD. */
const POSITIVE_MUST = new Set(['createChatCompletion', 'createEmbeddings']);

export function httpOperations(): OperationInfo[] {
  return listOperations().filter((op) => op.operationId !== 'connectRealtime');
}

function checksFor(op: OperationInfo): CheckInfo[] {
  const id = op.operationId;
  const endpoint = `${op.method} ${op.path}`;
  const base = { endpoint, operationId: id };
  const hasBody = op.requestContentTypes.length > 0;
  const what = hasBody ? 'generated invalid request bodies (derived from the request schema: a property of the wrong type, a required property removed, a number outside its minimum/maximum, a string outside its enum'
    + (id === 'createChatCompletion' ? '; and `stream_options` without `stream`, a named `tool_choice` not among `tools`, a bad `response_format`' : '') + ')'
    : op.path.includes('{') ? 'generated ids of objects that do not exist in the path'
      : op.method === 'GET' && id !== 'listModels' ? 'generated query values outside their documented schema (limit out of range or not an integer, an unknown enum value)'
        : 'generated malformed Authorization headers (wrong scheme, empty token, stray whitespace)';
  return [
    { ...base, id: `op.${id}.status`, level: 'MUST', suite: 'operations', title: `${id}: valid request succeeds`, requirement: `A valid ${endpoint} request MUST be answered with a success status the contract documents for ${id} (${op.successStatuses.join(', ')}), never a 5xx.` },
    { ...base, id: `op.${id}.content-type`, level: 'MUST', suite: 'operations', title: `${id}: documented content type`, requirement: `The answer to ${endpoint} MUST carry a content type the contract documents for its status (${op.responses.filter((r) => Number(r.status) < 400).flatMap((r) => r.contentTypes).join(', ') || 'none'}).` },
    { ...base, id: `op.${id}.schema`, level: 'MUST', suite: 'operations', title: `${id}: body matches the schema`, requirement: `The body of the answer to ${endpoint} MUST validate against the response schema of ${id} (binary bodies: non-empty; event streams: every event validates).` },
    { ...base, id: `op.${id}.headers`, level: 'MUST', suite: 'operations', title: `${id}: documented headers`, requirement: `Response headers the contract documents for the answer's status MUST be present when required and match their schema when present.` },
    { ...base, id: `auth.${id}.missing-key`, level: 'MUST', suite: 'auth', title: `${id}: no key is a 401`, requirement: `${endpoint} without an Authorization header MUST be answered 401 with the OpenAI error envelope (ErrorResponse).` },
    { ...base, id: `auth.${id}.invalid-key`, level: 'MUST', suite: 'auth', title: `${id}: bad key is a 401`, requirement: `${endpoint} with a key the gateway did not issue MUST be answered 401 with the OpenAI error envelope (ErrorResponse).` },
    { ...base, id: `neg.${id}`, level: 'MUST', suite: 'negative', title: `${id}: invalid input is a 4xx`, requirement: `${endpoint} with ${what} MUST be answered with a 4xx and the OpenAI error envelope — never a 2xx, never a 5xx — and the gateway MUST serve the valid request afterwards.` },
    ...(POSITIVE[id] ? [{ ...base, id: `pos.${id}`, level: POSITIVE_MUST.has(id) ? 'MUST' as const : 'SHOULD' as const, suite: 'positive', title: `${id}: valid variants are accepted`, requirement: `Generated valid ${endpoint} requests (the base request plus optional properties with values from their schemas, confirmed valid against the contract) ${POSITIVE_MUST.has(id) ? 'MUST' : 'SHOULD'} be answered with a documented success status, not rejected with a 4xx or failed with a 5xx.` }] : []),
  ];
}

export const ROUTE_CHECKS: readonly CheckInfo[] = [
  { id: 'route.unknown-404', level: 'MUST', suite: 'auth', title: 'Unknown route is a 404', requirement: 'A request (with a valid key) to a path the contract does not describe MUST be answered 404 with the OpenAI error envelope.' },
  { id: 'route.method-405', level: 'MUST', suite: 'auth', title: 'Wrong method is a 405 with Allow', requirement: 'A request (with a valid key) using a method the contract does not describe for a known path MUST be answered 405 with the OpenAI error envelope and an Allow header listing exactly the methods the contract describes for that path.' },
];

export const OPERATION_CHECKS: readonly CheckInfo[] = [...httpOperations().flatMap(checksFor), ...ROUTE_CHECKS];
