/**
 * The built-in catalogue of exosome products (exosomeProducts.json, editable data) and the cargo channels
 * a product can carry. A channel is one pathway input the models read (model.md §4-5); potencies are
 * dimensionless, BMSC-exos = 1 on each of its channels. Scenarios may define further products inline.
 */
import { productSchema, type Product } from '../../scenario/schema.ts';
import catalogue from './exosomeProducts.json';

/** Cargo channels, each an input of a pathway node (the model's rules say which). */
export const CARGO_CHANNELS = [
  'vegf_content',
  'vegf_induction',
  'akt',
  'pten_down',
  'spred1_down',
  'nfkb_down',
  'mir223',
  'wnt',
  'antiapoptotic',
  'osteogenic',
  'opg',
  'recruitment',
  'malat1',
  'chondrogenic',
] as const;

/**
 * Default purity by isolation method, used only when a product names its method but gives no purity.
 * All assumed (no measured figures were retrievable; parameters.md): the share of the dosed protein that
 * is exosomal.
 */
export const PURITY_BY_ISOLATION: Readonly<Record<NonNullable<Product['isolation']>, number>> = {
  ultracentrifugation: 0.7,
  density_gradient: 0.9,
  ultrafiltration: 0.6,
  peg_precipitation: 0.5,
  chromatography: 0.85,
  immunoaffinity: 0.95,
  kit: 0.6,
};

function load(): Readonly<Record<string, Product>> {
  const out: Record<string, Product> = {};
  for (const [id, raw] of Object.entries(catalogue)) {
    const parsed = productSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`exosome catalogue entry ${id} is invalid: ${parsed.error.message}`);
    for (const channel of Object.keys(parsed.data.cargo)) {
      if (!(CARGO_CHANNELS as readonly string[]).includes(channel)) throw new Error(`exosome catalogue entry ${id}: unknown cargo channel "${channel}"`);
    }
    out[id] = parsed.data;
  }
  return out;
}

/** The catalogue by product id. */
export const PRODUCT_CATALOGUE: Readonly<Record<string, Product>> = load();

/** Share of a dose that is exosomes: the product's purity, else its isolation method's default, else 1. */
export function effectivePurity(p: Product): number {
  if (p.depleted) return 0;
  if (p.purity !== undefined) return p.purity;
  return p.isolation ? PURITY_BY_ISOLATION[p.isolation] : 1;
}
