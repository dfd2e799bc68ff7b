import { describe } from 'vitest';
import { progressBar, type ProgressBarOptions } from './index.js';
import { factory, typoProof } from '../../../tooling/typo-proof.ts';

// progressBar's options: any key it does not declare is refused with an UnknownOptionError naming it (and, for a
// one-edit typo, suggesting the key it came from) — never silently ignored — and every declared key is accepted. The
// key list is checked against ProgressBarOptions at compile time, and against the list progressBar reports
// (`validOptions`) at run time. (`stream` is an object with `write`, such as process.stdout: not an options object.)

describe('@anneal/progress options are typo-proof', () => {
  typoProof([
    factory<ProgressBarOptions>(
      'progressBar',
      { stream: true, tty: true, metrics: true, precision: true },
      {},
      { stream: { write: () => true }, tty: false, metrics: ['loss'], precision: 3 },
      (options) => progressBar(options).stop(),
    ),
  ]);
});
