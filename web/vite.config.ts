// Vite builds the dashboard into web/dist; the server serves index.html for /sites and
// /<domain>, and the hashed files under /static/assets/ with a year-long cache.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { worldMapPlugin } from './tools/world-map.ts';
import { preloadChunks } from './tools/preload-chunks.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/static/',
  publicDir: false,
  plugins: [worldMapPlugin(), preloadChunks(['/components/main-chart.tsx', '/components/world-map.tsx'])],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No data: URIs for assets: every file is a hashed, cacheable, CSP-friendly URL.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
