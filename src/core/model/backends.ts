/**
 * The tensor backends by name, in the order 'auto' tries them. tfjs-free on purpose: the experiment
 * spec, the engine protocol and the UI's pickers need the names without loading tfjs (backend.ts
 * does the choosing).
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What a user may ask for: a backend, or 'auto' (the first that starts, software GPUs last). */
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoiceName = (typeof BACKEND_CHOICES)[number];
