/**
 * The six experiment presets (plus a custom run) as pure specs. A preset spec (settings with defaults) expands to
 * a list of RunSpecs; nothing here trains or evaluates anything. Each preset lives in its own file under
 * presets/ (schema, runs, table, figure); this module keeps the public names importers use.
 *
 * Semantics follow FLAN (Wei et al. 2022): §4.1 main results, §4.2 the three ablations
 * (#clusters, scale, role of instructions), appendix B.2 (#templates), §4.4 few-shot.
 */
export * from './presets/index';
