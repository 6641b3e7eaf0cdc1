/**
 * Flag rows that several commands share (bench, bench-all, pretrain, train, evaluate, probe, ...): one
 * definition each, so the same flag reads and is explained the same way in every command's usage.
 */
import { oneOf, type Flag } from './args';
import { MODEL_SIZE_NAMES } from '../src/core/model/config';
import { WORLD_VERSION, WORLD_VERSIONS, type WorldVersion } from '../src/core/tasks/version';

type StringFlag = Flag & { type: 'string' };
type BooleanFlag = Flag & { type: 'boolean' };

/** `--name HINT`: a value flag. */
export const text = (hint: string, help: string): StringFlag => ({ type: 'string', hint, help });
/** `--name`: a switch. */
export const toggle = (help: string): BooleanFlag => ({ type: 'boolean', help });

export const backendFlag = (valid: readonly string[], fallback: string) => text(valid.join('|'), `tfjs backend (default ${fallback})`);
export const modelFlag = (fallback: string) => text(MODEL_SIZE_NAMES.join('|'), `model size (default ${fallback})`);
export const stepsFlag = (help: string) => text('N', help);
export const batchFlag = (fallback: number) => text('B', `sequences per step (default ${fallback})`);
export const seqLenFlag = (fallback: number) => text('T', `tokens per sequence (default ${fallback})`);
export const seedFlag = (fallback: number) => text('S', `seed (default ${fallback})`);
export const lrFlag = (fallback: string) => text('X', `learning rate (default ${fallback})`);
export const outFlag = (help: string) => text('<file>', help);
export const f16Flag = toggle('store the weights as float16 (half the file)');
export const engineFlag = (help: string) => text('tfjs|torch', help);
export const checkpointFlag = text('<file>', 'the model checkpoint (.safetensors)');
export const clustersFlag = (help: string) => text('a,b', help);
export const evalExamplesFlag = (fallback: number) => text('N', `test items per dataset (default ${fallback})`);
export const splitFlag = (valid: readonly string[], fallback: string) => text(valid.join('|'), `evaluation split (default ${fallback})`);
/** bench and bench-all: one JSON object a line on stdout instead of the text. */
export const jsonLinesFlag = toggle('print one JSON object a line instead of text');
/** evaluate, probe, baselines: the results also as a JSON file. */
export const jsonFileFlag = text('<file>', 'also write the results as JSON to <file>');
export const templateFileFlag = text('<file>', 'JSON templates replacing those of the datasets they name');
export const worldVersionFlag = text(WORLD_VERSIONS.join('|'), `version of the synthetic world (default ${WORLD_VERSION}, the current one)`);
/** The --world-version value as a WorldVersion (default WORLD_VERSION); a usage error names the valid ones. */
export function worldVersionOf(value: string | boolean | undefined): WorldVersion {
  const names = WORLD_VERSIONS.map(String);
  return Number(oneOf(value, 'world version', names, String(WORLD_VERSION))) as WorldVersion;
}
