import fc from 'fast-check';
import { inject } from 'vitest';

// Every property in every file runs from the seed the global setup printed.
fc.configureGlobal({ seed: inject('fastCheckSeed'), numRuns: inject('fastCheckNumRuns') });
