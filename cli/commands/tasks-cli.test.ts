import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as runExport } from './export';
import { run as runSuite } from './suite';
import { run as runBaselines } from './baselines';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}
afterEach(() => vi.restoreAllMocks());

describe('tinyflan suite', () => {
  it('prints the suite as JSON', async () => {
    const io = capture();
    expect(await runSuite(['--json'])).toBe(0);
    const j = JSON.parse(io.out.join(''));
    expect(j.clusters).toHaveLength(12);
    expect(j.clusters.flatMap((c: { datasets: unknown[] }) => c.datasets).length).toBeGreaterThanOrEqual(40);
    expect(j.clusters[0].datasets[0]).toMatchObject({ name: 'snli_like', templates: 10, examples: { train: 2000 } });
    expect(j.vocabularySize).toBeGreaterThan(300);
    expect(j.vocabularySize).toBeLessThan(2000);
  });

  it('rejects unknown flags listing the valid ones', async () => {
    const io = capture();
    expect(await runSuite(['--jsn'])).toBe(2);
    expect(io.err.join('')).toContain('--json');
  });
});

describe('tinyflan export mixture', () => {
  it('writes jsonl lines {inputs, targets, task, cluster, template_id}', async () => {
    capture();
    const out = join(mkdtempSync(join(tmpdir(), 'tf-')), 'mix.jsonl');
    expect(await runExport(['mixture', '--heldout', 'nli', '--format', 'jsonl', '--out', out, '--seed', '1', '--max-examples', '50'])).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(50);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['cluster', 'inputs', 'targets', 'task', 'template_id']);
      expect(['nli', 'paraphrase']).not.toContain(l.cluster);
    }
  });

  it('--template-file replaces the templates of the datasets it names, and rejects a bad file', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const file = join(dir, 'templates.json');
    const mine = {
      id: 'sst2_shared_1',
      dataset: 'sst2_like',
      input: 'Text: {sentence}\n\nIs it true that this is positive?\n\n{options_}',
      target: '{answer}',
    };
    writeFileSync(file, JSON.stringify([mine]));
    const out = join(dir, 'mix.jsonl');
    expect(await runExport(['mixture', '--heldout', 'nli', '--out', out, '--max-examples', '400', '--template-file', file])).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const sst2 = lines.filter((l) => l.task === 'sst2_like');
    expect(sst2.length).toBeGreaterThan(0);
    for (const l of sst2) expect(l.template_id).toBe('sst2_shared_1');
    expect(sst2.some((l) => !l.inputs.includes('Is it true that'))).toBe(true); // instruction rewording is on by default
    expect(await runExport(['mixture', '--heldout', 'nli', '--out', out, '--max-examples', '400', '--template-file', file, '--no-instruction-variants'])).toBe(
      0,
    );
    const canonical = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.task === 'sst2_like');
    expect(canonical.length).toBeGreaterThan(0);
    for (const l of canonical) expect(l.inputs).toMatch(/^Text: .*\n\nIs it true that this is positive\?/);
    expect(lines.some((l) => l.task === 'imdb_like' && l.template_id.startsWith('imdb_like'))).toBe(true);
    writeFileSync(
      file,
      JSON.stringify([
        { ...mine, input: '{sentence} {stars}' },
        { ...mine, id: 'x', dataset: 'nope' },
      ]),
    );
    expect(await runExport(['mixture', '--heldout', 'nli', '--out', out, '--template-file', file])).toBe(2);
    const err = io.err.join('');
    expect(err).toContain('{stars}');
    expect(err).toContain('{options_}');
    expect(err).toContain('unknown dataset "nope"');
    writeFileSync(file, '{not json');
    expect(await runExport(['mixture', '--heldout', 'nli', '--out', out, '--template-file', file])).toBe(2);
  });

  it('returns 2 and lists valid names for unknown clusters, exports and flags', async () => {
    const io = capture();
    expect(await runExport(['mixture', '--heldout', 'nlii'])).toBe(2);
    expect(io.err.join('')).toContain('reading_comprehension_commonsense');
    expect(await runExport(['mixtur'])).toBe(2);
    expect(io.err.join('')).toContain('valid: mixture');
    expect(await runExport(['mixture', '--bogus', '1'])).toBe(2);
    expect(io.err.join('')).toContain('--heldout');
    expect(await runExport(['mixture', '--format', 'csv'])).toBe(2);
  });
});

describe('tinyflan baselines', () => {
  it('writes the printed baselines to --json', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s) => void printed.push(String(s)));
    const out = join(mkdtempSync(join(tmpdir(), 'tf-')), 'baselines.json');
    expect(await runBaselines(['--train', '50', '--json', out])).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j).toMatchObject({ split: 'validation', trainItems: 50, testItems: 200 });
    const sst2 = j.datasets.find((d: { dataset: string }) => d.dataset === 'sst2_like');
    expect(sst2.baseline.labels).toEqual(['negative', 'positive']);
    // The file holds the numbers the table printed.
    expect(printed.join('\n')).toContain(`| sst2_like | ${(100 * sst2.baseline.majorityShare).toFixed(1)} | ${(100 * sst2.baseline.accuracy).toFixed(1)} |`);
    expect(j.datasets.some((d: { baseline: unknown }) => d.baseline === null)).toBe(true);
  }, 600_000);
});
