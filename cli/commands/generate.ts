/**
 * `tinyflan generate --checkpoint ck.safetensors --prompt "..." [--prompt ...] [--max-tokens N]`:
 * greedy continuations of prompts, formatted as in evaluation ([BOS] prompt). For looking inside a model.
 */
import { readFileSync } from 'node:fs';
import { intFlag, oneOf, parseFlags, UsageError, type Flags } from '../args';
import { backendFlag, checkpointFlag, text } from '../flags';
import { startNodeBackend } from '../node-backend';
import { loadModel } from '../../src/core/model/io';
import { generateGreedy } from '../../src/core/model/infer';
import { promptIds } from '../../src/core/experiments/lab';

export const summary = 'greedy continuations of prompts';

export const flags = {
  checkpoint: checkpointFlag,
  prompt: { ...text('"..."', 'a prompt (\\n for a newline)'), multiple: true },
  'max-tokens': text('N', 'tokens to generate (default 16)'),
  backend: backendFlag(['wasm', 'cpu'], 'wasm'),
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  if (!values.checkpoint) throw new UsageError('generate needs --checkpoint <file>');
  if (!values.prompt?.length) throw new UsageError('generate needs at least one --prompt "..."');
  await startNodeBackend(oneOf(values.backend, 'backend', ['wasm', 'cpu'] as const, 'wasm'));
  const { model, checkpoint } = loadModel(new Uint8Array(readFileSync(values.checkpoint)));
  const tok = checkpoint.tokenizer;
  const prompts = values.prompt.map((p) => p.replace(/\\n/g, '\n'));
  const outputs = await generateGreedy(
    model,
    prompts.map((p) => promptIds(tok, p)),
    intFlag(values['max-tokens'], 'max-tokens', 16),
  );
  prompts.forEach((p, i) => console.log(`${JSON.stringify(p)} → ${JSON.stringify(tok.decode(outputs[i]))}`));
  model.dispose();
  return 0;
}
