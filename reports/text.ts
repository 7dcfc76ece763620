/**
 * Text helpers shared by the views: escaping for each output language (HTML, XML 1.0, a terminal)
 * and the few formatters every view uses. Everything in the report may carry gateway output, so every
 * string from the model goes through one of the escapers before it is written.
 */

// C0 controls except TAB, LF, CR; plus DEL and C1 controls (ESC-based and 8-bit terminal sequences).
const isControl = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** Escape text for HTML element content and quoted attribute values. NUL and controls become visible `\uXXXX`. */
export function escapeHtml(value: unknown): string {
  const text = String(value ?? '');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else if (isControl(code)) out += hex4(code);
    else out += ch;
  }
  return out;
}

/**
 * Make a string representable in XML 1.0 and escape it. Characters XML 1.0 forbids (C0 controls other
 * than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF) are replaced: controls by a visible `\uXXXX`, the rest
 * by U+FFFD. In attributes TAB/LF/CR are written as character references so they survive normalisation.
 */
export function escapeXml(value: unknown, context: 'text' | 'attr' = 'text'): string {
  const text = String(value ?? '');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i += 1;
      } else out += '\ufffd';
      continue;
    }
    if ((code >= 0xdc00 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) out += '\ufffd';
    else if (code === 0x26) out += '&amp;';
    else if (code === 0x3c) out += '&lt;';
    else if (code === 0x3e) out += '&gt;';
    else if (code === 0x22) out += '&quot;';
    else if (code === 0x27) out += '&apos;';
    else if (context === 'attr' && (code === 0x09 || code === 0x0a || code === 0x0d)) out += `&#${code};`;
    else if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) out += hex4(code);
    else out += text[i]!;
  }
  return out;
}

/** Make model text safe to print on a terminal: controls (ANSI escapes included) become visible `\uXXXX`; one line. */
export function terminalText(value: unknown): string {
  const text = String(value ?? '');
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\r' || ch === '\t') out += ' ';
    else if (isControl(code)) out += hex4(code);
    else out += ch;
  }
  return out;
}

/** "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}

/** An ISO timestamp as "2025-11-23 14:36:05 UTC"; anything unparsable is returned as given. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Seconds with millisecond precision, for JUnit `time` attributes. */
export function seconds(ms: number): string {
  return (Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000).toFixed(3);
}
