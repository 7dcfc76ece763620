/**
 * The boundary of a multipart/form-data body, read from its content-type (RFC 2046 §5.1.1, RFC 7578):
 * 1–70 characters of the boundary alphabet, quoted or not. The gateway forwards the same content-type
 * upstream, so the boundary it finds here is the one the rewritten body keeps.
 */
import { BadRequestError, UnsupportedMediaTypeError } from '../errors.ts';

/** RFC 2046 bchars: digits, letters, '()+_,-./:=? and space (not last). */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function multipartBoundary(contentType: string | null): string {
  if (contentType === null || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaTypeError(contentType, 'multipart/form-data');
  }
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const boundary = match ? (match[1]?.replace(/\\(.)/g, '$1') ?? match[2]!) : undefined;
  if (boundary === undefined) {
    throw new BadRequestError('invalid_multipart', `The content-type "${contentType}" has no boundary parameter; expected multipart/form-data; boundary=<boundary>.`);
  }
  if (!BOUNDARY.test(boundary)) {
    throw new BadRequestError('invalid_multipart', `The multipart boundary "${boundary}" is not valid: expected 1 to 70 characters of 0-9 A-Z a-z '()+_,-./:=? or space, not ending in a space.`);
  }
  return boundary;
}
