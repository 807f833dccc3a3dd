import { defineConfig } from 'vite';

// The page (index.html, src/app) is built by vite; the CLI runs through tsx and needs no build.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', target: 'es2022' },
  worker: { format: 'es' },
});
