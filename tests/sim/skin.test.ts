/**
 * The skin model's treatment contracts on a small wound: sham and depleted doses change nothing, a dose
 * leaves the twins identical until it is given, each pathway node carries its cargo channel's effect
 * (clamping the node removes the effect exactly), inhibitors act on their target only.
 */
import { describe, expect, it } from 'vitest';
import { runArm } from '../../src/sim/runArm.ts';
import { makeRun, stateBytes } from './helpers.ts';

/** A 2.4 mm wound model (0.8 mm defect radius) for fast tests; arms added by the caller. */
function smallWound(arms: Record<string, unknown>, days = 0.5): Record<string, unknown> {
  return {
    id: 'small-wound',
    title: 'small wound',
    model: 'skin',
    seed: 5,
    domain: { width_um: 2400, height_um: 2400, dx_um: 20, depth_um: 500 },
    time: { days, dt_min: 5, output_every_h: 3 },
    regions: {
      defect: { shape: 'circle', center_um: [1200, 1200], radius_um: 800 },
      skin: { shape: 'domain', minus: ['defect'] },
      dermal_edge: { shape: 'circle', center_um: [1200, 1200], radius_um: 1100, minus: ['defect'] },
      epidermal_edge: { shape: 'circle', center_um: [1200, 1200], radius_um: 950, minus: ['defect'] },
    },
    initial: {
      agents: [
        { type: 'fibroblast', region: 'dermal_edge', density_per_mm2: 1000 },
        { type: 'keratinocyte', region: 'epidermal_edge', density_per_mm2: 2500 },
      ],
      fields: [
        { field: 'fibrin', region: 'defect', value: 1 },
        { field: 'damage', region: 'defect', value: 1 },
        { field: 'collagen', region: 'skin', value: 1 },
        { field: 'epithelium', region: 'skin', value: 1 },
        { field: 'vessel', region: 'skin', value: 0.08 },
        { field: 'venules', region: 'skin', value: 0.08 },
      ],
    },
    arms,
  };
}

const dose = (product: unknown, amount = 50, at_day = 0) => ({ doses: [{ product, amount, unit: 'ug', route: 'margin_injection', points: 4, at_day }] });
const inline = (cargo: Record<string, number>) => ({ label: 'test product', source_cell: 'test', cargo, basis: 'test', evidence: 'assumed' });

async function finish(doc: unknown, arm: string) {
  const run = makeRun(doc, [], arm);
  const final = await runArm(run.setup, run.backend, run.table);
  return { run, final };
}

/** All read-out columns except the exosome bookkeeping ones. */
function nonExosomeColumns(run: Awaited<ReturnType<typeof finish>>['run']) {
  const data = run.table.toData();
  return data.names.map((n, k) => [n, data.columns[k]] as const).filter(([n]) => !n.startsWith('exosome'));
}

/** Mean of an agent variable over agents of a type. */
function meanVariable(r: Awaited<ReturnType<typeof finish>>, type: string, variable: string): number {
  const c = r.run.setup.model.compiled;
  const o = c.layout.offset;
  let n = 0;
  let sum = 0;
  for (let a = 0; a < r.final.count; a++) {
    const base = a * r.final.stride;
    if (r.final.u[base + o.cellType] !== c.cellTypeIndex[type]) continue;
    n++;
    sum += r.final.f[base + o[variable]];
  }
  return n > 0 ? sum / n : Number.NaN;
}

describe('skin model: treatment contracts', () => {
  it('a sham dose (amount 0) and an exosome-depleted product equal the untreated arm exactly', async () => {
    const doc = smallWound({ untreated: {}, sham: dose('bmsc-exos', 0), depleted: dose('bmsc-exos-depleted', 100), treated: dose('bmsc-exos', 100) });
    const untreated = await finish(doc, 'untreated');
    for (const arm of ['sham', 'depleted']) {
      const other = await finish(doc, arm);
      expect(other.run.table.toData()).toEqual(untreated.run.table.toData());
      expect(stateBytes(other.final)).toEqual(stateBytes(untreated.final));
    }
    const treated = await finish(doc, 'treated');
    expect(stateBytes(treated.final).agents).not.toEqual(stateBytes(untreated.final).agents);
  });

  it('a dose on day t leaves the twins identical before t', async () => {
    const doc = smallWound({ untreated: {}, late: dose('bmsc-exos', 100, 0.25) });
    const a = makeRun(doc, [], 'untreated');
    const b = makeRun(doc, [], 'late');
    const doseStep = 72;
    await a.backend.advance(doseStep);
    await b.backend.advance(doseStep);
    expect(stateBytes(await b.backend.readState())).toEqual(stateBytes(await a.backend.readState()));
    await a.backend.advance(1);
    await b.backend.advance(1);
    expect(stateBytes(await b.backend.readState()).fields).not.toEqual(stateBytes(await a.backend.readState()).fields);
  });

  // Each cargo channel reaches behaviour only through its node: with the node clamped, a product carrying only
  // that channel leaves every read-out (but the exosome bookkeeping) exactly as in the untreated clamped arm.
  const channels = [
    { channel: 'nfkb_down', node: 'nfkb', inhibitor: 'nfkb_inhibitor', type: 'macrophage' },
    { channel: 'wnt', node: 'bcat', inhibitor: 'wnt_inhibitor', type: 'keratinocyte' },
    { channel: 'akt', node: 'akt', inhibitor: 'pi3k_inhibitor', type: 'keratinocyte' },
    { channel: 'pten_down', node: 'akt', inhibitor: 'pi3k_inhibitor', type: 'fibroblast' },
    { channel: 'vegf_induction', node: 'hif', inhibitor: 'hif_inhibitor', type: 'fibroblast' },
    { channel: 'spred1_down', node: 'erk', inhibitor: 'mek_inhibitor', type: 'endothelial' },
  ];
  for (const { channel, node, inhibitor, type } of channels) {
    it(`cargo channel ${channel} acts through ${node}: clamping ${node} removes its effect`, async () => {
      const product = inline({ [channel]: 2 });
      const doc = smallWound({
        untreated: {},
        treated: dose(product, 100),
        untreated_clamped: { inhibitors: [inhibitor] },
        treated_clamped: { ...dose(product, 100), inhibitors: [inhibitor] },
      });
      const [u, t, uc, tc] = await Promise.all(['untreated', 'treated', 'untreated_clamped', 'treated_clamped'].map((arm) => finish(doc, arm)));
      // The channel moves its node (and hence behaviour) without the clamp...
      expect(Math.abs(meanVariable(t, type, node) - meanVariable(u, type, node))).toBeGreaterThan(1e-3);
      // ...and with the node clamped nothing but the exosome bookkeeping differs.
      expect(nonExosomeColumns(tc.run)).toEqual(nonExosomeColumns(uc.run));
      expect(meanVariable(tc, type, node)).toBe(meanVariable(uc, type, node));
    });
  }

  it('removing one cargo item keeps the product\'s other channels', async () => {
    const product = inline({ nfkb_down: 2, wnt: 2 });
    const doc = smallWound({
      both: dose(product, 100),
      no_wnt: { ...dose(product, 100), inhibitors: [{ kind: 'remove_cargo', label: 'no Wnt cargo', cargo: 'wnt' }] },
      nfkb_only: dose(inline({ nfkb_down: 2 }), 100),
    });
    const noWnt = await finish(doc, 'no_wnt');
    const nfkbOnly = await finish(doc, 'nfkb_only');
    expect(noWnt.run.table.toData()).toEqual(nfkbOnly.run.table.toData());
    const both = await finish(doc, 'both');
    expect(meanVariable(both, 'keratinocyte', 'bcat')).toBeGreaterThan(meanVariable(noWnt, 'keratinocyte', 'bcat'));
  });

  it('contraction (off when splinted) closes the wound faster and draws cells inwards', async () => {
    const doc = smallWound({ splinted: {}, contracting: { parameters: { 'contraction.rate': 1 } } }, 1);
    const splinted = await finish(doc, 'splinted');
    const contracting = await finish(doc, 'contracting');
    const final = (r: typeof splinted) => r.run.table.column('closure_pct').at(-1)!;
    expect(final(contracting)).toBeGreaterThan(final(splinted) + 1);
    const meanRadius = (r: typeof splinted) => {
      const o = r.run.setup.model.compiled.layout.offset;
      let sum = 0;
      for (let a = 0; a < r.final.count; a++) sum += Math.hypot(r.final.f[a * r.final.stride + o.x] - 1200, r.final.f[a * r.final.stride + o.y] - 1200);
      return sum / r.final.count;
    };
    expect(meanRadius(contracting)).toBeLessThan(meanRadius(splinted));
  });

  it('anti-VEGF lowers the VEGF that cells sense, not the field itself', async () => {
    const doc = smallWound({ untreated: {}, anti_vegf: { inhibitors: ['anti_vegf'] } }, 1);
    const u = await finish(doc, 'untreated');
    const a = await finish(doc, 'anti_vegf');
    // Endothelial tips are recruited by sensed VEGF: fewer arrive under anti-VEGF.
    const recruits = (r: typeof u) => {
      const c = r.run.setup.model.compiled;
      return r.final.events[3 * c.spec.cellTypes.length + c.cellTypeIndex.endothelial];
    };
    expect(recruits(u)).toBeGreaterThan(0);
    expect(recruits(a)).toBeLessThan(0.5 * recruits(u));
  });
});
