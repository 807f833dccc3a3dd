/** Runs the `exorepair` command as a user does: a child process through bin/exorepair.js. */
import { spawnSync } from 'node:child_process';

export function exorepair(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/exorepair.js', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
