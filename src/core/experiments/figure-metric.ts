/**
 * A preset's figure for a chosen score (FLAN issue 13: balanced accuracy beside accuracy in every plot):
 * 'acc' is each dataset's main metric, as recorded; 'bal_acc' rescores classification datasets by
 * balanced accuracy (balanced.ts), so a constant answer scores 1/K instead of the majority share.
 */
import { balancedView } from './balanced';
import type { Figure } from './figure';
import { figureOf } from './presets/index';
import type { Results } from './results';

export const FIGURE_METRICS = ['acc', 'bal_acc'] as const;
export type FigureMetricName = (typeof FIGURE_METRICS)[number];

export function figureFor(results: Results, metric: FigureMetricName = 'acc'): Figure {
  if (metric === 'acc') return figureOf(results);
  const balanced = balancedView(results);
  const fig = figureOf(balanced.results);
  const missing = balanced.missing > 0 ? ` ${balanced.missing} run(s) were evaluated before balanced accuracy was recorded and show accuracy.` : '';
  const paper = fig.paper.length > 0 ? " The paper's values are accuracy." : '';
  return {
    ...fig,
    metric: 'balanced accuracy',
    title: `${fig.title} (balanced accuracy)`,
    yLabel: fig.yLabel.replace(/score/, 'balanced accuracy'),
    note: `Classification datasets by balanced accuracy (mean recall over classes), others by their main metric.${paper}${missing}`,
  };
}
