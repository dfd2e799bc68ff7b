import { annealVitestConfig } from '../../tooling/vitest-config.ts';

// Unit tests of the experiment module and the command line, and the command line end to end (it spawns the built
// dist/cli/main.js). The browser end-to-end test has its own config: vitest.e2e.config.ts.
export default annealVitestConfig('@anneal/iris');
