import { fileURLToPath } from 'node:url';
import { annealVitestConfig } from '../../tooling/vitest-config.ts';

// The core's own invariants are checked with @anneal/testing, which depends on the core: both run from source here,
// as one module graph, so the test needs no build of either and the packages need no dependency cycle.
export default annealVitestConfig('@anneal/core', {
  '@anneal/testing': fileURLToPath(new URL('../testing/src/index.ts', import.meta.url)),
  '@anneal/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
});
