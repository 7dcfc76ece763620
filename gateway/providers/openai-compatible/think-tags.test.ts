// Splitting leading <think> reasoning out of content, whole and fragment by fragment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyParams } from '../../../suites/properties/runs.ts';
import { splitThinkTags, ThinkTagSplitter } from './think-tags.ts';

function splitInPieces(text: string, cuts: number[]) {
  const s = new ThinkTagSplitter();
  let reasoning = '';
  let content = '';
  let from = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < text.length)].sort((a, b) => a - b).concat(text.length)) {
    const out = s.push(text.slice(from, cut));
    reasoning += out.reasoning;
    content += out.content;
    from = cut;
  }
  const rest = s.flush();
  return { reasoning: reasoning + rest.reasoning, content: content + rest.content };
}

describe('think tags', () => {
  it('splits leading reasoning and drops the blank line after it', () => {
    expect(splitThinkTags('<think>\nplan it\n</think>\n\nThe answer.')).toEqual({ reasoning: '\nplan it\n', content: 'The answer.' });
    expect(splitThinkTags('  <think>x</think>y')).toEqual({ reasoning: 'x', content: 'y' });
  });
  it('leaves content without a leading tag alone, including a literal tag later on', () => {
    expect(splitThinkTags('Use <think> tags like </think> this')).toEqual({ reasoning: '', content: 'Use <think> tags like </think> this' });
    expect(splitThinkTags('<thin ice')).toEqual({ reasoning: '', content: '<thin ice' });
    expect(splitThinkTags('')).toEqual({ reasoning: '', content: '' });
  });
  it('an unterminated think block is all reasoning (a length-limited answer)', () => {
    expect(splitThinkTags('<think>still thinking</thi')).toEqual({ reasoning: 'still thinking</thi', content: '' });
  });
  it('the tags may be cut anywhere between fragments', () => {
    const text = '<think>\nabc </think>\n\nanswer with </think> inside';
    const whole = splitThinkTags(text);
    for (let i = 0; i <= text.length; i++) for (let j = i; j <= text.length; j += 3) expect(splitInPieces(text, [i, j])).toEqual(whole);
  });
  it('property: any fragmentation gives the whole-string split', () => {
    const piece = fc.constantFrom('<think>', '</think>', '<', '</', 'think', '>', '\n', ' ', 'a', 'answer', '<thi');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.array(fc.nat(60), { maxLength: 6 }), (text, cuts) => {
      expect(splitInPieces(text, cuts)).toEqual(splitThinkTags(text));
    }), propertyParams(200));
  });
});
