// Run: npx tsx scripts/v3-baselines.ts (docs/WORLD-DESIGN.md, "World v3": baselines for the redesign).
// v3 restated datasets: (1) majority and bag of words for the underlying yes/no label on the raw fields
// (the project's bow-baseline), (2) a word-overlap selection baseline: pick the option whose words (label
// word excluded) occur most in the fields; a tie counts half.
import { getSuite } from '../src/core/tasks/suite';
import { RESTATED_SPECS } from '../src/core/tasks/datasets/restated';
import { bagOfWordsBaseline } from '../src/core/eval/bow-baseline';
import type { Example } from '../src/core/tasks/types';
const s = getSuite(1, { worldVersion: 3 });
const words = (t: string) => new Set(t.toLowerCase().match(/[a-z0-9]+/g) ?? []);
const asLabel = (ex: Example): Example => ({ ...ex, options: ['yes', 'no'], answer: String(ex.meta!.label) });
console.log('| dataset | majority (yes/no label) | bag of words on fields, balanced | word-overlap selection acc |');
for (const spec of RESTATED_SPECS) {
  const d = s.dataset(spec.name)!;
  const train = d.examples('train', 2000, 1).map(asLabel);
  const val = d.examples('validation', 200, 1);
  const r = bagOfWordsBaseline(train, val.map(asLabel));
  let right = 0;
  for (const ex of val) {
    const input = words(Object.values(ex.fields).join(' '));
    const score = ex.options!.map((o) => [...words(o.replace(/^(yes|no), /, ''))].filter((w) => input.has(w)).length - 0.001 * [...words(o)].length);
    const [a, b] = score;
    const gold = ex.options!.indexOf(ex.answer);
    right += a === b ? 0.5 : (a > b ? 0 : 1) === gold ? 1 : 0;
  }
  console.log(
    `| ${spec.name} | ${(100 * r.majorityShare).toFixed(1)} | ${(100 * r.balancedAccuracy).toFixed(1)} | ${((100 * right) / val.length).toFixed(1)} |`,
  );
}
