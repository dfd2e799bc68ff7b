import { defineConfig } from 'vite';

// The page is static: `vite build` writes it to dist/web (dist/cli is the command line's), and it runs from any path.
// The wasm files of onnxruntime-web and tfjs's wasm backend are imported as asset URLs in src/web/worker.ts, so they
// are served by Vite and shipped with the build — never fetched from a CDN.
// Cross-origin isolation lets the page share a stop flag with the training worker (SharedArrayBuffer), so Stop acts
// at the next epoch end even while a runtime keeps the worker busy between epochs.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // onnxruntime-web's bundle is about 400 kB; the limit is about the page's own code.
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  optimizeDeps: {
    // Pre-bundling would move onnxruntime-web away from the wasm file it loads relative to itself.
    exclude: ['onnxruntime-web'],
  },
});
