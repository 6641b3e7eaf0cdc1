/**
 * Share links — public API.
 *
 *   encodeShare(exp) / encodeShareInfo(exp)   experiment → URL fragment text (without '#'), 'v1.<lz payload>'
 *   decodeShare(fragment)                      → {ok, experiment, warnings} | {ok: false, error}; never throws
 *   diffTemplates / applyTemplateEdits / templatesByDataset   template edits as a diff of the defaults
 *   compactResults(results)                    the (lossy) results a link reproduces
 */
export {
  SHARE_VERSION, MAX_SHARE_CHARS, MAX_SHARE_JSON_CHARS, ShareTooLargeError, encodeShare, encodeShareInfo, decodeShare,
  type SharedExperiment, type DecodeShareResult, type ShareOmission,
} from './codec';
export {
  diffTemplates, applyTemplateEdits, templatesByDataset, hasTemplateEdits, templateProblems, EMPTY_TEMPLATE_EDITS,
  MAX_TEMPLATE_ID_CHARS, MAX_TEMPLATE_TEXT_CHARS, MAX_ADDED_PER_DATASET, type TemplateEdits,
} from './templates';
export { SHARE_SETTINGS, settingsFor, type ShareSetting } from './settings';
export { compactResults, round4, SHARE_CURVE_POINTS, MAX_SHARE_RUNS, type CompactOptions } from './compact';
