/** A progress bar on stderr when it is a terminal (cli-progress); silent otherwise. */
import cliProgress from 'cli-progress';

export interface Progress {
  update(step: number, total: number): void;
  stop(): void;
}

/** A bar labelled `label`, or a no-op when stderr is not a TTY or `quiet` is set. */
export function createProgress(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | step {value}/{total} | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(step, total) {
      if (!started) {
        bar.start(total, step);
        started = true;
      } else bar.update(step);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
