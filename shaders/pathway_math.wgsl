// The small arithmetic of the models' pathway layers in f32: the twin of src/model/models/pathwayMath.ts
// (noisy-OR, saturating drives, cargo effects, the chance of an event within a step). Functions only;
// chance() needs the prelude's DT.

// Noisy-OR of activations in [0, 1].
fn or2(a: f32, b: f32) -> f32 { return 1.0 - (1.0 - a) * (1.0 - b); }

// Effect of a cargo channel: potency x saturating amount, at most 1.
fn cargo_effect(potency: f32, amount: f32) -> f32 { return min(potency * amount, 1.0); }

// Probability that an event of hazard h (1/min) happens within DT.
fn chance(h: f32) -> f32 { return 1.0 - exp(-h * DT); }

// K²/(K² + x²): falls from 1 to 0 as x passes K.
fn hill2(x: f32, k: f32) -> f32 { return (k * k) / (k * k + x * x); }

// x/(x + K): saturating drive.
fn sat(x: f32, k: f32) -> f32 { return x / (x + k); }
