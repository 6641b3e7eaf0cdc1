/**
 * webgpu in Node without a GPU: the `webgpu` package (Dawn) over SwiftShader, the CPU Vulkan driver Debian's
 * chromium ships. The loader reads these variables at process start, so webgpu work runs in a child process
 * started with them. Shared by `npm run bench` and the Node webgpu tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SWIFTSHADER_ENV = { LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json' };

/** Whether the `webgpu` npm package is installed. */
export function hasWebGPUPackage(): boolean {
  try {
    createRequire(import.meta.url).resolve('webgpu');
    return true;
  } catch {
    return false;
  }
}

/** Whether webgpu can run in Node here on SwiftShader (the package and chromium's driver are both present). */
export function swiftShaderAvailable(): boolean {
  return hasWebGPUPackage() && existsSync(SWIFTSHADER_ENV.VK_ICD_FILENAMES);
}

/**
 * Runs a TypeScript entry point (through tsx) on SwiftShader and returns the JSON line it printed, or
 * undefined with the end of its stderr when it printed none.
 */
export function runOnSwiftShader<T>(script: string, args: string[], timeoutMs = 180_000): { json?: T; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...SWIFTSHADER_ENV },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  return { json: line ? (JSON.parse(line) as T) : undefined, stderr: (r.stderr ?? '').slice(-2000) };
}
