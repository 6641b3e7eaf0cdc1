import './browser/cspGuard'; // first: before any zod schema is built (CSP: no eval)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { getEngine } from './ui/engineClient';
import './ui/styles.css';

// Lecturer mode scales the whole page (rem units), so the class goes on <html>.
if (new URLSearchParams(location.search).get('lecture') === '1') document.documentElement.classList.add('lecture');

// Offline support only in production builds: in dev the service worker would cache stale modules.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => undefined);
  });
  reloadOnceForIsolation();
}

/**
 * On a static host without COOP/COEP the service worker adds them, but only to pages it serves: the
 * very first load is not isolated (wasm then runs one thread). When the new worker takes control,
 * reload once, before any run has started, so the lab gets its threads. A session flag stops a reload
 * loop where isolation cannot happen anyway (a browser without it, headers stripped by a proxy).
 */
function reloadOnceForIsolation(): void {
  const FLAG = 'tinyflan.isolationReload';
  if (globalThis.crossOriginIsolated) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (sessionStorage.getItem(FLAG)) return;
    if (getEngine().busy) return; // never lose a run the user already started
    sessionStorage.setItem(FLAG, '1');
    location.reload();
  });
}

// e2e hook (e2e/kernels.spec.ts): the fused tensor kernels against stock tfjs ops, on this page's GPU.
if (new URLSearchParams(location.search).get('kernel-check') === '1') {
  Object.assign(window, { tinyflanKernelCheck: (backend: 'webgpu') => import('./core/model/kernels/page-check').then((m) => m.runKernelCheck(backend)) });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary label="TinyFLAN">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
