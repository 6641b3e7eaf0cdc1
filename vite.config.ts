/**
 * Vite build for the TinyFLAN lab. Deliberately no COOP/COEP headers: the wasm backend runs
 * single-threaded (initBackend disables threads), so cross-origin isolation buys nothing and would
 * break loading from plain static hosts. The tfjs wasm binaries are imported with `?url` in the
 * worker, so Vite emits them as hashed assets.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // tfjs alone is >1 MB minified and lives in the worker chunk; that is expected.
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
