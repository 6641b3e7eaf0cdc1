/** Benchmark table rows for the tests (estimate.test.ts, benchFits.test.ts): one measured row, fields overridable. */
import type { BenchRow } from '../../core/engine/protocol';
import type { BenchTableRow } from './benchStore';

export function benchTableRow(
  preset: BenchTableRow['preset'],
  backend: string,
  result: Partial<BenchRow> = {},
  state: BenchTableRow['state'] = 'done',
): BenchTableRow {
  return {
    key: `${preset}-${backend}`,
    preset,
    requested: backend as never,
    state,
    result: {
      preset,
      requested: backend as never,
      backend,
      params: 1,
      layers: 1,
      batch: 16,
      seqLen: 64,
      steps: 3,
      msPerStep: 1,
      tokensPerSec: 1,
      kernelsPerStep: null,
      flopsPerStep: 1e6,
      gflops: 1,
      ...result,
    },
  };
}
