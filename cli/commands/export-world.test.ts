import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../args';
import { worldVersionOf } from '../flags';
import { WORLD_VERSION } from '../../src/core/tasks';
import { run as runExport } from './export';

afterEach(() => vi.restoreAllMocks());

/** rte_like's targets in `export mixture --clusters nli` for a world version. */
async function rteTargets(version: string): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'tf-')), 'mix.jsonl');
  const code = await runExport(['mixture', '--heldout', 'sentiment', '--clusters', 'nli', '--max-examples', '40', '--world-version', version, '--out', out]);
  expect(code).toBe(0);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { task: string; targets: string });
  return lines.filter((l) => l.task === 'rte_like').map((l) => l.targets);
}

describe('--world-version', () => {
  it('reads 1 to 4, defaults to the current version, and refuses others naming the valid ones', () => {
    expect([worldVersionOf('1'), worldVersionOf('2'), worldVersionOf('3'), worldVersionOf('4')]).toEqual([1, 2, 3, 4]);
    expect(worldVersionOf(undefined)).toBe(WORLD_VERSION);
    expect(() => worldVersionOf('5')).toThrow(UsageError);
    expect(() => worldVersionOf('5')).toThrow(/1, 2, 3, 4|1\|2\|3\|4|"4"/);
  });

  it('export mixture renders the suite of the version asked: v3 answers rte_like with a restatement', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const v2 = await rteTargets('2');
    const v3 = await rteTargets('3');
    expect(v2.length).toBeGreaterThan(0);
    expect(v3.length).toBeGreaterThan(0);
    expect(v2.every((t) => t.split(' ').length <= 2)).toBe(true);
    expect(v3.every((t) => /^(yes|no), \S+ .+\.$/.test(t))).toBe(true);
  });

  it('export corpus and mixture refuse an unknown version with exit 2', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const out = join(mkdtempSync(join(tmpdir(), 'tf-')), 'x');
    expect(await runExport(['corpus', '--out', out, '--world-version', '5'])).toBe(2);
    expect(await runExport(['mixture', '--heldout', 'nli', '--out', out, '--world-version', '0'])).toBe(2);
    expect(err.join('')).toContain('--world-version must be one of 1, 2, 3, 4');
  });
});
