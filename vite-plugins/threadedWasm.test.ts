/**
 * The threaded-wasm plugin on tfjs-backend-wasm's real module: the worker source becomes the factory's
 * original file as a string literal, so minifying the bundle cannot change what the pthread workers run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { threadedWasmPlugin } from './threadedWasm';

const require = createRequire(import.meta.url);
const backendPath = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'dist/backend_wasm.js');
const factoryPath = backendPath.replace(/dist[\\/]backend_wasm\.js$/, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');

type Transform = (code: string, id: string) => { code: string } | null;
const transform = threadedWasmPlugin().transform as unknown as Transform;

describe('threadedWasmPlugin', () => {
  it("replaces the factory's toString() in tfjs's backend with its original source, verbatim", () => {
    const out = transform(readFileSync(backendPath, 'utf8'), backendPath);
    expect(out).not.toBeNull();
    expect(out!.code).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(out!.code).toContain(JSON.stringify(readFileSync(factoryPath, 'utf8')));
  });

  it('leaves other modules alone and fails loudly if tfjs changed shape', () => {
    expect(transform('export const x = 1;', '/app/src/main.ts')).toBeNull();
    expect(() => transform('export const x = 1;', backendPath)).toThrow(/toString\(\) is not where/);
  });
});
