import { annealVitestConfig } from '../../tooling/vitest-config.ts';

export default annealVitestConfig('@anneal/progress');
