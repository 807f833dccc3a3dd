// ESLint flat config: typescript-eslint recommended rules, plus the model's determinism bans.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const determinismBans = [
  { object: 'Math', property: 'random', message: 'Use the counter-based RNG (src/sim/rng.ts) or seedrandom for set-up.' },
  { object: 'Math', property: 'round', message: 'Math.round rounds halves unlike WGSL; use Math.floor(x + 0.5) or roundHalfEven.' },
  { object: 'Date', property: 'now', message: 'Simulation results must not depend on the clock.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-output/**', '.gl/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', globalThis: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/model/**', 'src/sim/**', 'src/scenario/**'],
    rules: { 'no-restricted-properties': ['error', ...determinismBans] },
  },
);
