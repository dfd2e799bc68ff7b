import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';

// Does evaluating a schedule allocate? Each schedule runs in a process of its own — as in training, where one
// schedule feeds one call site — evaluating 8 million steps into a Float64Array while a PerformanceObserver counts
// garbage collections. A schedule that allocated per call (a boxed double, a temporary array) would cause a
// young-generation collection every few hundred thousand calls; none over 8 million calls means no allocation per
// call. The control allocates an object per call and must show collections, proving the meter works.
// Needs the built package (turbo runs `build` before `bench`).
const distribution = new URL('../dist/index.js', import.meta.url).href;

const cases: [string, string][] = [
  ['control: allocates an object per call', '((ring, at) => (step) => { ring[(at = (at + 1) & 1023)] = { step }; return 1e-3; })([], 0)'],
  ['exponentialDecay', 'A.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 10_000, decayRate: 0.96 })'],
  ['piecewiseConstantDecay', 'A.piecewiseConstantDecay({ boundaries: [1000, 10_000], values: [1, 0.5, 0.1] })'],
  ['polynomialDecay', 'A.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, power: 0.5 })'],
  ['inverseTimeDecay', 'A.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })'],
  ['cosineDecay', 'A.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100_000, warmupTarget: 0.2, warmupSteps: 100 })'],
  ['cosineDecayRestarts', 'A.cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 1000 })'],
  ['constant', 'A.constant({ learningRate: 0.1 })'],
  ['stepwise', 'A.stepwise({ initialLearningRate: 0.1, stepSize: 30 })'],
  ['multiStep', 'A.multiStep({ initialLearningRate: 0.1, milestones: [30_000, 80_000] })'],
  ['exponential', 'A.exponential({ initialLearningRate: 0.1, decayRate: 0.99999 })'],
  ['linear', 'A.linear({ initialLearningRate: 0.1, endLearningRate: 0, transitionSteps: 200_000 })'],
  ['polynomial', 'A.polynomial({ initialLearningRate: 0.1, power: 2, transitionSteps: 200_000 })'],
  ['cosineAnnealing', 'A.cosineAnnealing({ initialLearningRate: 0.1, tMax: 200_000 })'],
  ['cosineAnnealingWarmRestarts', 'A.cosineAnnealingWarmRestarts({ initialLearningRate: 0.1, t0: 1000, tMult: 2 })'],
  ['cyclic', 'A.cyclic({ baseLearningRate: 0.001, maxLearningRate: 0.1 })'],
  ['oneCycle', 'A.oneCycle({ maxLearningRate: 0.1, totalSteps: 200_000 })'],
  ['warmupStableDecay', 'A.warmupStableDecay({ peakLearningRate: 0.1, warmupSteps: 2000, stableSteps: 150_000, decaySteps: 48_000 })'],
  ['inverseSquareRoot', 'A.inverseSquareRoot({ peakLearningRate: 0.1, warmupSteps: 4000 })'],
  ['stepDecay', 'A.stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 })'],
  [
    'three-level combinator',
    'A.clamp({ schedule: A.warmup({ schedule: A.join({ schedules: [A.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100_000 }), A.exponentialDecay({ initialLearningRate: 0.001, decaySteps: 1000, decayRate: 0.9 })], boundaries: [100_000] }), warmupSteps: 1000 }), minLearningRate: 1e-5 })',
  ],
  ['chain of two', 'A.chain({ schedules: [A.cosineDecay({ initialLearningRate: 0.1, decaySteps: 200_000 }), A.exponential({ initialLearningRate: 1, decayRate: 0.99999 })] })'],
];

const child = (expression: string): string => `
import { PerformanceObserver } from 'node:perf_hooks';
const A = await import(${JSON.stringify(distribution)});
const schedule = ${expression};
let collections = 0;
new PerformanceObserver((list) => { collections += list.getEntries().length; }).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const steps = Float64Array.from({ length: 4096 }, (_, index) => (index * 7919) % 200_000);
const out = new Float64Array(steps.length);
function fill() { for (let i = 0; i < steps.length; i++) out[i] = schedule(steps[i]); }
for (let round = 0; round < 200; round++) fill();
await settle();
collections = 0;
const rounds = 1954;
for (let round = 0; round < rounds; round++) fill();
await settle();
console.log(JSON.stringify({ calls: rounds * steps.length, collections }));
`;

const results = cases.map(([schedule, expression]) => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', child(expression)], { encoding: 'utf8' });
  return { schedule, ...(JSON.parse(output) as { calls: number; collections: number }) };
});
writeFileSync(fileURLToPath(new URL('../allocations.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
console.table(results);

describe('allocation meter', () => {
  bench('one 8-million-call measurement is in allocations.json', () => {
    if (results.length !== cases.length) throw new Error('allocation measurement incomplete');
  });
});
