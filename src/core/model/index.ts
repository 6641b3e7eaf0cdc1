/** The model package: config and presets, the GPT itself, inference, checkpoints I/O, backends. */
export * from './config';
export * from './gpt';
export * from './batch';
export * from './infer';
export * from './io';
export * from './backend';
export { initWeights, type WeightMap } from './init';
