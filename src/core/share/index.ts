/**
 * Share links — public API.
 *
 *   encodeShare(exp) / encodeShareInfo(exp)   experiment → URL fragment text (without '#'), 'v2.<crc32>.<lz payload>',
 *                                              and (Info) what had to be left out or will be dropped on decode
 *   decodeShare(fragment)                      → {ok, experiment, warnings} | {ok: false, error}; never throws
 *   diffTemplates / applyTemplateEdits / templatesByDataset   template edits as a diff of the defaults
 *   compactResults(results)                    the (lossy) results a link reproduces
 *   LIMITS / specLimitProblems / templateLimitProblems   the caps the link, the editor and the CLI share
 */
export {
  SHARE_VERSION,
  MAX_SHARE_CHARS,
  MAX_SHARE_JSON_CHARS,
  ShareTooLargeError,
  encodeShare,
  encodeShareInfo,
  decodeShare,
  type SharedExperiment,
  type DecodeShareResult,
  type ShareOmission,
  type ShareInfo,
} from './codec';
export {
  diffTemplates,
  applyTemplateEdits,
  templatesByDataset,
  hasTemplateEdits,
  templateProblems,
  EMPTY_TEMPLATE_EDITS,
  MAX_TEMPLATE_ID_CHARS,
  MAX_TEMPLATE_TEXT_CHARS,
  MAX_ADDED_PER_DATASET,
  type TemplateEdits,
} from './templates';
export { SHARE_SETTINGS, settingsFor, specLimitProblems, type ShareSetting } from './settings';
export { LIMITS, limitProblem, lengthProblem, templateLimitProblems, type Limit, type LimitName } from './limits';
export { compactResults, round4, SHARE_CURVE_POINTS, MAX_SHARE_RUNS, type CompactOptions } from './compact';
