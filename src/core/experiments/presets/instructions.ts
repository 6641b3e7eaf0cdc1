/**
 * FLAN §4.3 / Figure 8: is it the instructions, or just multi-task training? Models tuned with instructions,
 * without a template, or with the dataset name only, each evaluated with instructions or the dataset name.
 */
import { z } from 'zod';
import { clusterLabel } from '../names';
import { PAPER_INSTRUCTIONS } from '../paper';
import { doneRuns, figure, heldOutValue, seriesOf, subtitleOf, uniq, type Done } from '../figure';
import { grid } from '../report-table';
import { EvalRenderSchema, TuneRenderSchema, renderLabel, type EvalRender, type RunSpec, type TuneRender } from '../spec';
import { RENDER_ABBR, type FindingRowSpec } from './finding-layout';
import { ABLATION_HELD_OUT, HELD_OUT_TOGETHER, commonFields, heldOutGroup, runBuilders, type PresetDefinition } from './common';

const InstructionSettingSchema = z.object({ tune: TuneRenderSchema, eval: EvalRenderSchema });
export type InstructionSetting = z.infer<typeof InstructionSettingSchema>;

export const InstructionsSpecSchema = z.object({
  preset: z.literal('instructions'),
  ...commonFields,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  /** (tuned with → evaluated with) pairs of FLAN §4.3 / Figure 5. */
  settings: z
    .array(InstructionSettingSchema)
    .min(1)
    .default(() => [
      { tune: 'instructions' as TuneRender, eval: 'instructions' as EvalRender },
      { tune: 'no_template' as TuneRender, eval: 'instructions' as EvalRender },
      { tune: 'dataset_name' as TuneRender, eval: 'instructions' as EvalRender },
      { tune: 'dataset_name' as TuneRender, eval: 'dataset_name' as EvalRender },
    ]),
});
export type InstructionsSpec = z.output<typeof InstructionsSpecSchema>;

const settingLabel = (s: InstructionSetting) => `${renderLabel(s.tune)} → ${renderLabel(s.eval)}`;
/** A tuned run's setting as a label; null for a base run (not part of this comparison). */
const labelOf = (r: RunSpec) => (r.tune ? settingLabel({ tune: r.tune.render, eval: r.eval.render }) : null);
const rowOf = (d: Done) => labelOf(d.run);

export const instructions: PresetDefinition<InstructionsSpec> = {
  schema: InstructionsSpecSchema,
  title: 'Role of instructions (Figure 8)',
  heldOut: HELD_OUT_TOGETHER,
  sizes: 'modelSize',
  perDatasetTable: false,
  expand(spec, seed) {
    const { tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    return spec.settings.map((s) => tuned(spec.heldOut, tuneFor(spec.heldOut, { render: s.tune }), evalWith(s.eval)));
  },
  table(results) {
    const paper = (row: string) => PAPER_INSTRUCTIONS.find((p) => settingLabel(p) === row)?.accuracy.toFixed(1) ?? '—';
    const rows = uniq(results.runs.map((e) => labelOf(e.run)));
    return grid(
      doneRuns(results),
      results.spec.seeds.length,
      { rows, rowOf, cols: ['mean held-out'], colOf: () => 'mean held-out', value: heldOutValue, rowHeader: 'tuned with → evaluated with' },
      [{ header: 'paper (137B)', cell: paper }],
    );
  },
  /** One bar per setting, the paper's value as a marker over it. */
  figure(results) {
    const spec = results.spec;
    const settings = uniq(spec.settings.map((s) => JSON.stringify(s))).map((s) => JSON.parse(s) as InstructionSetting);
    const categories = settings.map(settingLabel);
    return figure({
      kind: 'bar',
      title: 'TinyFLAN instructions: role of instructions in tuning',
      subtitle: subtitleOf(results, `held out: ${spec.heldOut.map(clusterLabel).join(' + ')}`),
      xLabel: 'tuned with → evaluated with',
      yLabel: 'mean held-out score (%)',
      categories,
      axisLabels: settings.map((s) => [renderLabel(s.tune), `→ ${renderLabel(s.eval)}`]),
      series: [seriesOf(doneRuns(results), categories, rowOf, heldOutValue, { key: 'mean held-out', name: 'TinyFLAN (mean held-out)' })],
      paper: [
        {
          key: 'paper',
          name: 'paper: FLAN 137B',
          shape: 'diamond',
          over: 'mean held-out',
          points: settings.flatMap((s, x) => {
            const p = PAPER_INSTRUCTIONS.find((q) => q.tune === s.tune && q.eval === s.eval);
            return p ? [{ x, value: p.accuracy, tip: `paper, ${settingLabel(s)}: ${p.accuracy}% (137B${p.approximate ? ', approximate' : ''})` }] : [];
          }),
        },
      ],
    });
  },
  /** Tuning with instructions (evaluated with them) against each alternative; no rows without that reference setting. */
  finding(spec) {
    const isRef = (s: InstructionSetting) => s.tune === 'instructions' && s.eval === 'instructions';
    const rows = spec.settings.some(isRef)
      ? spec.settings
          .filter((s) => !isRef(s))
          .map((s): FindingRowSpec => ({
            label: settingLabel(s),
            short: `${RENDER_ABBR[s.tune]} → ${RENDER_ABBR[s.eval]}`,
            clusters: spec.heldOut,
            side: (r) =>
              !r.tune
                ? null
                : isRef({ tune: r.tune.render, eval: r.eval.render })
                  ? 'tuned'
                  : r.tune.render === s.tune && r.eval.render === s.eval
                    ? 'base'
                    : null,
          }))
      : [];
    return {
      question: 'Is it the instructions, or just multi-task training?',
      xLabel: 'Alternative (tuning → evaluation format)',
      baseName: 'the alternative',
      treatedName: 'tuned with instructions',
      rows,
      wording: {
        actor: 'Tuning with instructions',
        up: 'beat',
        down: 'fell short of',
        flat: 'was not clearly different from',
        subject: (l) => `tuning with ${l}`,
        noun: 'alternatives',
      },
    };
  },
};
