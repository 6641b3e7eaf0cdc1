/** Evaluation: metrics, aggregation over templates/datasets/clusters/seeds, and the evaluator. */
export * from './metrics';
export * from './stats';
export * from './aggregate';
export * from './evaluate';
