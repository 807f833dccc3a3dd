import { defineConfig } from 'vite';

// The pages (index.html, spike.html; src/app) are built by vite; the CLI runs through tsx and needs no build.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    target: 'es2022',
    // pixi.js and the engine make one large page bundle; it is served locally, so its size is no concern.
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { main: 'index.html', spike: 'spike.html' } },
  },
  worker: { format: 'es' },
});
