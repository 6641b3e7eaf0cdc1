import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '../../src/core/experiments/results';
import { TORCH_PYTHON } from '../torch-scorer';

const cli = (args: string[]) => spawnSync(process.execPath, ['cli/tinyflan.mjs', ...args], { encoding: 'utf8' });

describe('tinyflan experiment (end to end, shipped nano model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-exp-'));
  const out = join(dir, 'r.json');
  const smoke = [
    'experiment',
    '--preset',
    'main',
    '--heldout',
    'nli',
    '--models',
    'nano',
    '--steps',
    '20',
    '--eval-examples',
    '16',
    '--eval-templates',
    '2', // every stage and output still runs; all templates would double the time (57 s vs 29 s here)
    '--seeds',
    '1',
    '--out',
    out,
  ];

  it('runs the smoke path, writes results and prints the table', () => {
    const r = cli(smoke);
    expect(r.status, r.stderr).toBe(0);
    const results = parseResults(readFileSync(out, 'utf8'));
    expect(results.runs.length).toBe(6);
    expect(results.runs.every((e) => e.status === 'done')).toBe(true);
    const tuned = results.runs.find((e) => e.run.kind === 'tune-eval')!;
    expect(tuned.result!.lossCurve.length).toBeGreaterThan(0);
    expect(tuned.result!.backend).toBe('wasm');
    for (const e of results.runs) {
      const acc = e.result!.perCluster.nli!;
      expect(acc).toBeGreaterThanOrEqual(0);
      expect(acc).toBeLessThanOrEqual(1);
    }
    expect(r.stdout).toMatch(/\| nli \|/);
    expect(r.stderr).toMatch(/ETA/);
  }, 240_000);

  it('resumes: a rerun with the same --out skips finished runs and reports the same numbers', () => {
    const before = readFileSync(out, 'utf8');
    const r = cli(smoke);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/6 of 6 runs already done/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(cli(['report', out]).stdout).toBe(r.stdout);
  }, 60_000);

  it('rejects bad arguments with exit code 2 and another schema version with a clear error', () => {
    expect(cli(['experiment', '--preset', 'nope']).status).toBe(2);
    expect(cli(['experiment', '--preset', 'main', '--heldout', 'astrology']).stderr).toMatch(/Unknown cluster "astrology". Valid: nli/);
    expect(cli(['experiment', '--preset', 'main', '--bogus']).status).toBe(2);
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ schema: 'tinyflan-results', version: 0, runs: [] }));
    const r = cli(['report', old]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/version/);
  }, 60_000);
});

describe('batched tuning: --export-tuning, scale/train_many.py, --tuned-dir (PyTorch)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-many-'));
  const jobs = join(dir, 'jobs');
  const out = join(dir, 'r.json');
  const flags = [
    '--preset',
    'main',
    '--heldout',
    'nli,sentiment',
    '--models',
    'nano',
    '--steps',
    '12',
    '--batch',
    '4',
    '--eval-examples',
    '8',
    '--eval-templates',
    '2',
    '--seeds',
    '1',
    '--backend',
    'cpu',
  ];

  it('exports one job per tuned model, trains them stacked, and evaluates with the models it made', () => {
    const exported = cli(['experiment', ...flags, '--export-tuning', jobs, '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/wrote 2 tuning jobs/);
    expect(readdirSync(jobs).filter((f) => f.endsWith('.job.json')).length).toBe(2);
    expect(cli(['experiment', ...flags, '--export-tuning', jobs, '--out', out]).stderr).toMatch(/wrote 0 tuning jobs .*2 were there already/);

    const trained = spawnSync(TORCH_PYTHON, ['scale/train_many.py', jobs, '--workers', '1', '--threads', '1', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(trained.status, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/group of 2 /);

    const r = cli(['experiment', ...flags, '--engine', 'torch', '--eval-engine', 'torch', '--tuned-dir', jobs, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const tuned = parseResults(readFileSync(out, 'utf8')).runs.filter((e) => e.run.kind === 'tune-eval');
    expect(tuned.length).toBe(4); // zero- and few-shot per tuned model
    expect(new Set(tuned.map((e) => e.run.tuneId)).size).toBe(2);
    for (const e of tuned) {
      const file = JSON.parse(readFileSync(join(jobs, `${e.run.tuneId}.curve.json`), 'utf8')) as { curve: { step: number; loss: number }[] };
      expect(e.result!.lossCurve).toEqual(file.curve); // the stacked model's own curve: it was not trained again
      expect(e.result!.backend).toBe('pytorch-cpu (tune) + pytorch-cpu (eval)');
    }
  }, 240_000);

  it('refuses --tuned-dir without the torch engine', () => {
    const r = cli(['experiment', ...flags, '--tuned-dir', jobs, '--out', join(dir, 'x.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--tuned-dir goes with --engine torch/);
  });
});
