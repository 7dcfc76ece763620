/**
 * Splits reasoning written inline as `<think>…</think>` at the start of a model's content (DeepSeek-R1,
 * Qwen3, Perplexity sonar-reasoning: the "raw" reasoning format) into reasoning text and answer text,
 * incrementally: feed content fragments as they stream, get the reasoning and content parts back.
 * Only a leading `<think>` (after optional whitespace) opens reasoning, so a literal "<think>" later in
 * an answer is left alone. At most a partial tag (a few characters) is held back between fragments.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitText {
  reasoning: string;
  content: string;
}

type State = 'start' | 'thinking' | 'after' | 'plain';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (tag.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

export class ThinkTagSplitter {
  #state: State = 'start';
  #held = '';

  push(text: string): SplitText {
    const out: SplitText = { reasoning: '', content: '' };
    this.#feed(text, out);
    return out;
  }

  /** The end of the content: release whatever was held back. */
  flush(): SplitText {
    const held = this.#held;
    this.#held = '';
    if (this.#state === 'thinking') return { reasoning: held, content: '' };
    if (this.#state === 'start') return { reasoning: '', content: held };
    return { reasoning: '', content: '' };
  }

  #feed(text: string, out: SplitText): void {
    switch (this.#state) {
      case 'plain':
        out.content += text;
        return;
      case 'start': {
        const buffer = this.#held + text;
        const trimmed = buffer.trimStart();
        if (trimmed === '' || (trimmed.length < OPEN.length && OPEN.startsWith(trimmed))) {
          this.#held = buffer; // whitespace or a partial "<think" so far: wait for more
          return;
        }
        this.#held = '';
        if (trimmed.startsWith(OPEN)) {
          this.#state = 'thinking';
          this.#feed(trimmed.slice(OPEN.length), out);
        } else {
          this.#state = 'plain';
          out.content += buffer;
        }
        return;
      }
      case 'thinking': {
        const buffer = this.#held + text;
        const end = buffer.indexOf(CLOSE);
        if (end >= 0) {
          this.#held = '';
          out.reasoning += buffer.slice(0, end);
          this.#state = 'after';
          this.#feed(buffer.slice(end + CLOSE.length), out);
          return;
        }
        const keep = partialTagSuffix(buffer, CLOSE);
        out.reasoning += buffer.slice(0, buffer.length - keep);
        this.#held = buffer.slice(buffer.length - keep);
        return;
      }
      case 'after': {
        // The blank line models put between </think> and the answer is not part of the answer.
        const answer = text.replace(/^\s+/, '');
        if (answer === '') return;
        this.#state = 'plain';
        out.content += answer;
        return;
      }
    }
  }
}

/** Split a whole content string (non-streamed answers): the same rules as the incremental splitter. */
export function splitThinkTags(content: string): SplitText {
  const splitter = new ThinkTagSplitter();
  const a = splitter.push(content);
  const b = splitter.flush();
  return { reasoning: a.reasoning + b.reasoning, content: a.content + b.content };
}
