/**
 * Test kit for the stateful OpenAI APIs (files, batches, fine-tuning), on top of ../test-kit.ts: a
 * simulator on a clock the test steps (never a sleep) with the official SDK wired to it in-process,
 * JSONL helpers, and a collector of objects to check against OpenAI's published description at the
 * end of a test file.
 */
import OpenAI, { toFile } from 'openai';
import { createOpenAISimulator, type OpenAISimulatorOptions } from '../index.ts';
import { sdkClient } from '../test-kit.ts';
import type { Simulator } from '../../types.ts';

export { sdkError } from '../test-kit.ts';

/** 2025-03-01T00:00:00Z: an arbitrary, readable start for stepped clocks. */
export const START_MS = Date.UTC(2025, 2, 1);

export interface SteppedSim {
  sim: Simulator;
  client: OpenAI;
  /** Current simulated time in ms. */
  now(): number;
  /** Move simulated time forward by `ms`. */
  advance(ms: number): void;
}

export function steppedSimulator(options: OpenAISimulatorOptions = {}): SteppedSim {
  let t = START_MS;
  const sim = createOpenAISimulator({ ...options, now: () => t });
  return { sim, client: sdkClient(sim), now: () => t, advance: (ms) => { t += ms; } };
}

export const jsonl = (rows: readonly unknown[]): string => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

export function parseJsonl(text: string): any[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export async function upload(client: OpenAI, filename: string, content: string, purpose: OpenAI.FilePurpose): Promise<OpenAI.FileObject> {
  return client.files.create({ file: await toFile(Buffer.from(content), filename), purpose });
}

/** Objects seen during a test file, checked against the description in one place. */
export class SchemaLog {
  readonly entries: { schema: string; value: unknown; where: string }[] = [];

  add(schema: string, value: unknown, where = ''): void {
    this.entries.push({ schema, value: JSON.parse(JSON.stringify(value)), where });
  }
}
