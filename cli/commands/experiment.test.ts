import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '../../src/core/experiments/results';

const cli = (args: string[]) => spawnSync(process.execPath, ['cli/tinyflan.mjs', ...args], { encoding: 'utf8' });

describe('tinyflan experiment (end to end, shipped nano model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-exp-'));
  const out = join(dir, 'r.json');
  const smoke = ['experiment', '--preset', 'main', '--heldout', 'nli', '--models', 'nano', '--steps', '20', '--eval-examples', '16', '--seeds', '1', '--out', out];

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
