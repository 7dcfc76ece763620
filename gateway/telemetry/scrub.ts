/**
 * The secret scrubber the request log and request spans share: any configured secret (provider API
 * keys, collector credentials) found inside a string is replaced with `[REDACTED]`. A last line of
 * defence, for values the gateway did not expect to carry a secret (an echoed error, a metadata
 * entry a user pasted a key into).
 */

export const REDACTED = '[REDACTED]';

export type Scrub = (value: string) => string;

/**
 * `secrets()` is read on every call, so a rotated key is covered at once; the list is only re-sorted
 * when the callback returns a different array.
 */
export function createScrubber(secrets: (() => readonly string[]) | undefined): Scrub {
  if (!secrets) return (value) => value;
  let lastInput: readonly string[] | undefined;
  let sorted: string[] = [];
  return (value) => {
    const current = secrets();
    if (current !== lastInput) {
      lastInput = current;
      // Longest first, so a secret that contains another is replaced whole.
      sorted = [...new Set(current.filter((s) => typeof s === 'string' && s.length > 0))].sort((a, b) => b.length - a.length);
    }
    let out = value;
    for (const secret of sorted) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    return out;
  };
}
