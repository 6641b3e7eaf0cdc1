/**
 * A bag-of-words baseline for classification datasets with a fixed label set: multinomial logistic
 * regression on word counts of the raw fields (each word tagged with its field), trained by seeded
 * full-batch gradient descent. A score is not a finding until it beats this and the majority class:
 * v1's SNLI-like 87% held in was exactly a hypothesis-only bag of words.
 */
import type { Example } from '../tasks/types';

const words = (ex: Example): string[] =>
  Object.entries(ex.fields).flatMap(([f, v]) =>
    v
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .filter(Boolean)
      .map((w) => `${f}:${w}`),
  );

export interface BowResult {
  labels: string[];
  accuracy: number;
  balancedAccuracy: number;
  majorityShare: number;
}

export function bagOfWordsBaseline(train: readonly Example[], test: readonly Example[], epochs = 200, lr = 0.5, l2 = 1e-4): BowResult {
  const labels = [...new Set(train.map((e) => e.answer))].sort();
  const vocab = new Map<string, number>();
  for (const e of train) for (const w of words(e)) if (!vocab.has(w)) vocab.set(w, vocab.size);
  const featurise = (e: Example) => {
    const f = new Map<number, number>();
    for (const w of words(e)) {
      const i = vocab.get(w);
      if (i !== undefined) f.set(i, (f.get(i) ?? 0) + 1);
    }
    return [...f.entries()];
  };
  const X = train.map(featurise);
  const y = train.map((e) => labels.indexOf(e.answer));
  const K = labels.length,
    D = vocab.size;
  const W = new Float64Array(K * D),
    b = new Float64Array(K);
  const logits = (x: [number, number][]) => Array.from({ length: K }, (_, k) => b[k] + x.reduce((s, [i, v]) => s + W[k * D + i] * v, 0));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gW = new Float64Array(K * D),
      gb = new Float64Array(K);
    X.forEach((x, n) => {
      const z = logits(x),
        m = Math.max(...z),
        e = z.map((v) => Math.exp(v - m)),
        s = e.reduce((a, c) => a + c, 0);
      for (let k = 0; k < K; k++) {
        const g = e[k] / s - (k === y[n] ? 1 : 0);
        gb[k] += g;
        for (const [i, v] of x) gW[k * D + i] += g * v;
      }
    });
    for (let j = 0; j < W.length; j++) W[j] -= lr * (gW[j] / X.length + l2 * W[j]);
    for (let k = 0; k < K; k++) b[k] -= (lr * gb[k]) / X.length;
  }
  const predicted = test.map((e) => {
    const z = logits(featurise(e));
    return labels[z.indexOf(Math.max(...z))];
  });
  const byGold = new Map<string, { n: number; right: number }>();
  test.forEach((e, i) => {
    const g = byGold.get(e.answer) ?? { n: 0, right: 0 };
    g.n++;
    if (predicted[i] === e.answer) g.right++;
    byGold.set(e.answer, g);
  });
  const recalls = [...byGold.values()].map((g) => g.right / g.n);
  return {
    labels,
    accuracy: predicted.filter((p, i) => p === test[i].answer).length / test.length,
    balancedAccuracy: recalls.reduce((a, c) => a + c, 0) / recalls.length,
    majorityShare: Math.max(...[...byGold.values()].map((g) => g.n)) / test.length,
  };
}
