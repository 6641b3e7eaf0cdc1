// @ts-check
/**
 * ESLint (flat config): typescript-eslint's recommended rules, and the import boundaries of the layout
 * (README "Layout"): src/core is pure TypeScript that neither the app, the workers nor the CLI may be
 * imported into; the workers do not reach into the UI; only src/core/model, src/core/train and cli/ call
 * tfjs (the worker keeps the wasm binaries' asset URLs, which Vite resolves at build time); model/ does not
 * import train/.
 * Each directory's rule is written out whole: in a flat config a later `no-restricted-imports` replaces an
 * earlier one instead of adding to it.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Relative imports of a top-level area, from anywhere in the tree (`../../ui/x`, `../src/ui/x`, `../../../cli/x`). */
const area = (name, message) => ({ regex: `^\\.{1,2}/(.*/)?${name}(/|$)`, message });
const CORE_UP = [
  area('cli', 'src/core may not import cli/: the CLI is built on core, not the other way.'),
  area('(src/)?ui', 'src/core may not import src/ui: core has no DOM and no React.'),
  area('workers', 'src/core may not import workers/: the workers are thin entry points over core.'),
];
const TFJS = { regex: '^@tensorflow/', message: 'Only src/core/model, src/core/train and cli/ call tfjs.' };
/** The worker may import exactly the tfjs-wasm binaries' URLs (`…/dist/tfjs-backend-wasm*.wasm?url`). */
const TFJS_BUT_WASM_URLS = {
  regex: '^@tensorflow/(?!tfjs-backend-wasm/dist/tfjs-backend-wasm(-simd|-threaded-simd)?\\.wasm\\?url$)',
  message: 'Only src/core/model, src/core/train and cli/ call tfjs; the worker imports only the wasm asset URLs.',
};
const NODE_GLOBALS = Object.fromEntries(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'document'].map((name) => [name, 'readonly']));
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'public/', 'scale/', 'docs/', 'test-results/', 'playwright-report/', 'e2e-artifacts/', 'scratch/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (a destructured field dropped from a copy); tsc's noUnused* check the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Plain-JS entry points run by Node (scripts/bench-first-result.mjs also hands callbacks to the page: `document`).
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // Tests and fuzzers build malformed inputs on purpose.
    files: ['**/*.test.ts', 'cli/fuzz/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['src/core/**'], rules: restrict(...CORE_UP, TFJS) },
  { files: ['src/core/model/**', 'src/core/train/**'], rules: restrict(...CORE_UP) },
  {
    // The model's own tests may drive the trainer (model.test.ts overfits a batch); its code may not.
    files: ['src/core/model/**'],
    ignores: ['**/*.test.ts'],
    rules: restrict(...CORE_UP, area('train', 'src/core/model may not import src/core/train: training is built on the model.')),
  },
  {
    files: ['workers/**'],
    rules: restrict(area('src/ui', 'workers/ may not import src/ui: the UI talks to the worker, not the reverse.'), TFJS_BUT_WASM_URLS),
  },
  { files: ['src/ui/**', 'src/*.{ts,tsx}', 'e2e/**', 'scripts/**'], rules: restrict(TFJS) },
);
