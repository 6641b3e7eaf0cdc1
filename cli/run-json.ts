/**
 * Runs a child process that prints JSON lines (the bench's measurements, each in its own process) and returns
 * them; says on stderr when it failed or printed none. Shared by `npm run bench` and its stacked rows.
 */
import { spawnSync } from 'node:child_process';

export function runJSONLines(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { lines: Record<string, unknown>[]; ok: boolean } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const lines = (r.stdout ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const ok = r.status === 0 && lines.length > 0;
  if (!ok) process.stderr.write(`(${cmd} ${args.slice(0, 4).join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').pop()?.slice(0, 300)})\n`);
  return { lines, ok };
}
