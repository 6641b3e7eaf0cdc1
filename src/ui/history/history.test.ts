import { describe, expect, it } from 'vitest';
import { createResults, serializeResults } from '../../core/experiments/results';
import { quickSpec } from '../lab/labStore';
import { HISTORY_LIMIT, historyEntryOf, historyId, specDifferences, titleOf, withEntry } from './history';

const spec = quickSpec('main', { modelSize: 'nano', steps: 3 } as never);
const results = createResults(spec);

describe('history', () => {
  it('one id per setup: the same spec and templates map to the same entry, an edit to another', () => {
    expect(historyId(spec, {})).toBe(historyId(quickSpec('main', { modelSize: 'nano', steps: 3 } as never), {}));
    expect(historyId(spec, {})).not.toBe(historyId({ ...spec, steps: 4 }, {}));
    expect(historyId(spec, {})).not.toBe(historyId(spec, { anli_r1: [] } as never));
  });

  it('titles the setup and says how far it got when there is no finding yet', () => {
    expect(titleOf(spec)).toBe('main: nano, 1 seed, 3 steps');
    const e = historyEntryOf(results, serializeResults(results), {}, 5);
    expect(e).toMatchObject({ done: 0, total: results.runs.length, summary: `0 of ${results.runs.length} runs finished`, savedAt: 5 });
  });

  it('keeps the newest, one per id, at most HISTORY_LIMIT', () => {
    const mk = (i: number, id = `history:${i}`) => ({ ...historyEntryOf(results, '', {}, i), id });
    let entries = [mk(1), mk(2)];
    const again = withEntry(entries, mk(3, 'history:1'));
    expect(again.keep.map((e) => e.id)).toEqual(['history:1', 'history:2']);
    expect(again.keep[0].savedAt).toBe(3);
    entries = Array.from({ length: HISTORY_LIMIT }, (_, i) => mk(i));
    const full = withEntry(entries, mk(100));
    expect(full.keep).toHaveLength(HISTORY_LIMIT);
    expect(full.keep[0].id).toBe('history:100');
    expect(full.drop).toEqual(['history:0']);
  });

  it('names the settings two experiments differ in', () => {
    const other = { ...spec, steps: 6, seeds: [1, 2] };
    expect(specDifferences({ spec, templates: {} }, { spec: other, templates: {} })).toEqual(['seeds: 1 vs 1, 2', 'steps: 3 vs 6']);
    expect(specDifferences({ spec, templates: {} }, { spec, templates: { x: [] } as never })).toEqual(['template edits differ']);
  });
});
