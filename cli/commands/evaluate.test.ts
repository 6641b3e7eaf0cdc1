import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('tinyflan evaluate --records writes one line per scored item, whose choices give the reported accuracy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-eval-'));
  const recordsFile = join(dir, 'items.jsonl');
  const jsonFile = join(dir, 'r.json');
  const r = spawnSync(
    process.execPath,
    [
      'cli/tinyflan.mjs',
      'evaluate',
      '--checkpoint',
      'public/models/nano.safetensors',
      '--datasets',
      'sst2_like',
      '--split',
      'validation',
      '--eval-examples',
      '12',
      '--eval-templates',
      '2',
      '--records',
      recordsFile,
      '--json',
      jsonFile,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  const records = readFileSync(recordsFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(records).toHaveLength(24); // 12 items × 2 templates
  expect(new Set(records.map((x) => x.templateId)).size).toBe(2);
  for (const x of records) {
    expect(x).toMatchObject({ kind: 'classification', dataset: 'sst2_like' });
    expect(x.options).toContain(x.target);
    expect(x.optionScores).toHaveLength(x.options.length);
    expect(x.correct).toBe(x.chosen === x.goldIndex);
  }
  const acc = records.filter((x) => x.correct).length / records.length;
  const reported = JSON.parse(readFileSync(jsonFile, 'utf8')).result.perDataset.sst2_like.mean;
  expect(reported).toBeCloseTo(acc, 6);
}, 120_000);
