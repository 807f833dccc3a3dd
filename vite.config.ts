import { defineConfig } from 'vite';

// The pages (index.html, spike.html; src/app) are built by vite; the CLI runs through tsx and needs no build.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    target: 'es2022',
    rollupOptions: { input: { main: 'index.html', spike: 'spike.html' } },
  },
  worker: { format: 'es' },
});
