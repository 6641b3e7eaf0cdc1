/**
 * Imported first by the page (src/main.tsx) and by the engine worker, before any module builds a zod
 * schema. The Content-Security-Policy (vite.config.ts) forbids eval:
 * - zod 4 compiles object parsers with `new Function`, probing for it when a schema is constructed;
 *   the probe would report a violation (and parsing would fall back anyway), so go jitless.
 *   Node (the CLI, unit tests) does not import this and keeps the fast path.
 * - a violation inside the worker reaches only the worker's own console as a browser log entry;
 *   re-logging it as console.error makes it visible (and fails the e2e tests that collect errors).
 */
import { z } from 'zod';

z.config({ jitless: true });

declare const WorkerGlobalScope: unknown;
if (typeof WorkerGlobalScope !== 'undefined') {
  self.addEventListener('securitypolicyviolation', (e) => {
    console.error(`Content-Security-Policy violation in the engine worker: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
  });
}
