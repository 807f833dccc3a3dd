/**
 * The reduced skin wound of the validation suite (scenarios/experiments/claim-1.json "reduced"): a 0.8 mm
 * radius wound in a 2.4 mm square with the full wound's margins and densities, the treated dose scaled to
 * the area (7 µg), capacity 60,000. As --set lines over scenarios/skin-wound.json; used where a small but
 * realistic skin run is needed (the GPU backend's tests, the spike page).
 */
export const REDUCED_SKIN_WOUND: readonly string[] = [
  'domain.width_um=2400',
  'domain.height_um=2400',
  'regions.defect.center_um=[1200,1200]',
  'regions.defect.radius_um=800',
  'regions.dermal_edge.center_um=[1200,1200]',
  'regions.dermal_edge.radius_um=1200',
  'regions.epidermal_edge.center_um=[1200,1200]',
  'regions.epidermal_edge.radius_um=1000',
  'arms.treated.doses.0.amount=7',
  'max_agents=60000',
];
