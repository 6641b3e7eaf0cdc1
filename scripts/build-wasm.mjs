/**
 * Builds the WebAssembly SIMD kernels from their AssemblyScript sources (npm `assemblyscript`):
 *   node scripts/build-wasm.mjs          writes src/core/model/kernels/wasm/{attention,elementwise}.wasm
 *   node scripts/build-wasm.mjs --check  fails if the committed .wasm differs from a fresh build
 * The built .wasm is committed, so Node tests, benches and the CLI load it without a build step; `npm run
 * build` rebuilds it first and src/core/model/kernels/attention-wasm.test.ts checks that it matches its
 * source. The source ends in .as (tsc must not typecheck AssemblyScript), so it is handed to the
 * compiler in memory under a .ts name.
 */
import asc from 'assemblyscript/asc';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../src/core/model/kernels/wasm/', import.meta.url));
export const KERNELS = ['attention', 'elementwise'];
/** -O3, no garbage collector (the kernels allocate nothing), SIMD on. */
const FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];

/** Compiles one kernel's source to wasm bytes. */
export async function compileKernel(name) {
  const source = readFileSync(`${DIR}${name}.as`, 'utf8');
  let wasm = null;
  const { error, stderr } = await asc.main([`${name}.ts`, ...FLAGS, '-o', `${name}.wasm`], {
    readFile: (file) => (file === `${name}.ts` ? source : null),
    writeFile: (file, contents) => {
      if (file.endsWith('.wasm')) wasm = contents;
    },
    listFiles: () => [],
  });
  if (error || !wasm) throw new Error(`asc failed on ${name}.as: ${error?.message ?? ''}\n${stderr.toString()}`);
  return new Uint8Array(wasm);
}

export const builtPath = (name) => `${DIR}${name}.wasm`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  for (const name of KERNELS) {
    const bytes = await compileKernel(name);
    if (check) {
      if (!Buffer.from(readFileSync(builtPath(name))).equals(Buffer.from(bytes))) {
        console.error(`${builtPath(name)} is stale: run node scripts/build-wasm.mjs`);
        process.exit(1);
      }
    } else writeFileSync(builtPath(name), bytes);
    console.log(`${name}.wasm: ${bytes.length} bytes${check ? ', matches its source' : ''}`);
  }
}
