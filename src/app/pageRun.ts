/**
 * What the page runs: a scenario document (as edited by the controls; its `seed` is the run's seed), the
 * `--set` lines applied on top (e.g. the preview scale) and the two arms shown side by side. The share URL
 * encodes exactly this, so opening it reproduces the run.
 */
import { validateScenario, type ParsedScenario } from '../scenario/parse.ts';
import { resolveRun, type RunSetup } from '../sim/runSetup.ts';

export interface PageRun {
  /** The scenario JSON document. */
  scenario: unknown;
  /** A name for error messages, e.g. "skin-wound.json". */
  source: string;
  /** `--set` lines applied on top of the document (src/scenario/setPath.ts). */
  sets: string[];
  /** [reference arm, compared arm], e.g. ["untreated", "treated"]. */
  arms: [string, string];
}

/** The validated scenario of a page run (throws ScenarioError naming each bad path). */
export function parsePageRun(run: PageRun): ParsedScenario {
  const parsed = validateScenario(run.scenario, run.source, run.sets);
  for (const arm of run.arms) {
    if (!(arm in parsed.scenario.arms)) throw new Error(`${run.source}: no arm "${arm}" (arms: ${Object.keys(parsed.scenario.arms).join(', ')})`);
  }
  return parsed;
}

/** The two arms' run setups, in the order of `run.arms`. */
export function resolvePageRun(run: PageRun): [RunSetup, RunSetup] {
  const parsed = parsePageRun(run);
  return [resolveRun(parsed, run.arms[0]), resolveRun(parsed, run.arms[1])];
}
