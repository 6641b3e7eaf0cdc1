/** Experiment presets as pure specs, the results file format, reports and the paper's numbers. */
export * from './names';
export * from './heldout';
export * from './spec';
export * from './presets';
export * from './results';
export * from './report';
export * from './paper';
