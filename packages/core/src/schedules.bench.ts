import { bench, describe } from 'vitest';
import {
  chain,
  clamp,
  constant,
  cosineAnnealing,
  cosineAnnealingWarmRestarts,
  cosineDecay,
  cosineDecayRestarts,
  cyclic,
  exponential,
  exponentialDecay,
  inverseSquareRoot,
  inverseTimeDecay,
  join,
  linear,
  multiStep,
  oneCycle,
  piecewiseConstantDecay,
  polynomial,
  polynomialDecay,
  stepDecay,
  stepwise,
  warmup,
  warmupStableDecay,
  type Schedule,
} from './index.js';

// Each group times the anneal schedule against the same formula written inline, over the same steps, in the same
// run; the report is the ratio. Results go to a Float64Array, as `sample` and the adapters consume them.
const STEPS = Float64Array.from({ length: 4096 }, (_, index) => (index * 7919) % 200_000);
const out = new Float64Array(STEPS.length);

type Fill = (schedule: Schedule, steps: Float64Array, target: Float64Array) => void;
// A loop function of its own for every benchmark: closures from one literal share call-site feedback in V8, which
// would make every group's call site polymorphic and measure V8's fallback instead of the schedule.
const freshLoop = (): Fill =>
  new Function('schedule', 'steps', 'out', 'for (let i = 0; i < steps.length; i++) out[i] = schedule(steps[i]);') as Fill;

function group(name: string, schedule: Schedule, inline: (step: number) => number): void {
  describe(name, () => {
    const inlineLoop = freshLoop();
    const annealLoop = freshLoop();
    bench('inline arithmetic', () => inlineLoop(inline, STEPS, out));
    bench('anneal', () => annealLoop(schedule, STEPS, out));
  });
}

group('exponentialDecay', exponentialDecay({ initialLearningRate: 0.01, decaySteps: 10_000, decayRate: 0.96 }), (s) => 0.01 * 0.96 ** (s / 10_000));
group('exponentialDecay staircase', exponentialDecay({ initialLearningRate: 0.01, decaySteps: 10_000, decayRate: 0.96, staircase: true }), (s) => 0.01 * 0.96 ** Math.floor(s / 10_000));
group('piecewiseConstantDecay', piecewiseConstantDecay({ boundaries: [1000, 10_000], values: [1, 0.5, 0.1] }), (s) => (s <= 1000 ? 1 : s <= 10_000 ? 0.5 : 0.1));
group('polynomialDecay', polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.001, power: 0.5 }), (s) => 0.099 * (1 - Math.min(s, 10_000) / 10_000) ** 0.5 + 0.001);
group('inverseTimeDecay', inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }), (s) => 0.1 / (1 + 0.5 * s));
group('cosineDecay', cosineDecay({ initialLearningRate: 0.1, decaySteps: 100_000, alpha: 0.01 }), (s) => 0.1 * (0.99 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 100_000)) / 100_000)) + 0.01));
group('cosineDecayRestarts', cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 1000, tMul: 1 }), (s) => {
  const fraction = s / 1000 - Math.floor(s / 1000);
  return 0.1 * 0.5 * (1 + Math.cos(Math.PI * fraction));
});
group('constant', constant({ learningRate: 0.1 }), () => 0.1);
group('stepwise', stepwise({ initialLearningRate: 0.1, stepSize: 30, gamma: 0.1 }), (s) => 0.1 * 0.1 ** Math.floor(s / 30));
group('multiStep', multiStep({ initialLearningRate: 0.1, milestones: [30_000, 80_000] }), (s) => (s < 30_000 ? 0.1 : s < 80_000 ? 0.01 : 0.001));
group('exponential', exponential({ initialLearningRate: 0.1, decayRate: 0.99999 }), (s) => 0.1 * 0.99999 ** s);
group('linear', linear({ initialLearningRate: 0.1, endLearningRate: 0, transitionSteps: 200_000 }), (s) => 0.1 * (1 - Math.min(s, 200_000) / 200_000));
group('polynomial', polynomial({ initialLearningRate: 0.1, power: 2, transitionSteps: 200_000 }), (s) => 0.1 * (1 - Math.min(s, 200_000) / 200_000) ** 2);
group('cosineAnnealing', cosineAnnealing({ initialLearningRate: 0.1, tMax: 200_000 }), (s) => 0.05 * (1 + Math.cos((Math.PI * s) / 200_000)));
group('cosineAnnealingWarmRestarts', cosineAnnealingWarmRestarts({ initialLearningRate: 0.1, t0: 1000 }), (s) => 0.05 * (1 + Math.cos(Math.PI * (s / 1000 - Math.floor(s / 1000)))));
group('cyclic', cyclic({ baseLearningRate: 0.001, maxLearningRate: 0.1, stepSizeUp: 2000 }), (s) => {
  const position = s / 4000 - Math.floor(s / 4000);
  return 0.001 + 0.099 * (position <= 0.5 ? position * 2 : (1 - position) * 2);
});
group('oneCycle', oneCycle({ maxLearningRate: 0.1, totalSteps: 200_000 }), (s) => {
  if (s >= 199_999) return 0.1 / 25 / 1e4;
  if (s <= 59_999) return 0.1 + ((0.004 - 0.1) / 2) * (Math.cos((Math.PI * s) / 59_999) + 1);
  return 4e-7 + ((0.1 - 4e-7) / 2) * (Math.cos((Math.PI * (s - 59_999)) / 140_000) + 1);
});
group('warmupStableDecay', warmupStableDecay({ peakLearningRate: 0.1, warmupSteps: 2000, stableSteps: 150_000, decaySteps: 48_000 }), (s) =>
  s < 2000 ? (0.1 * s) / 2000 : s < 152_000 ? 0.1 : s < 200_000 ? 0.1 * 0.5 * (1 + Math.cos((Math.PI * (s - 152_000)) / 48_000)) : 0,
);
group('inverseSquareRoot', inverseSquareRoot({ peakLearningRate: 0.1, warmupSteps: 4000 }), (s) => (s < 4000 ? (0.1 * s) / 4000 : 0.1 / Math.sqrt(s / 4000)));
group('stepDecay', stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }), (s) => 0.1 * 0.5 ** Math.floor((1 + s) / 10));
group(
  'three-level combinator: clamp(warmup(join(cosineDecay, exponentialDecay)))',
  clamp({
    schedule: warmup({
      schedule: join({
        schedules: [cosineDecay({ initialLearningRate: 0.1, decaySteps: 100_000 }), exponentialDecay({ initialLearningRate: 0.001, decaySteps: 1000, decayRate: 0.9 })],
        boundaries: [100_000],
      }),
      warmupSteps: 1000,
    }),
    minLearningRate: 1e-5,
  }),
  (s) => {
    let value: number;
    if (s < 1000) value = (0.1 * s) / 1000;
    else if (s - 1000 < 100_000) value = 0.1 * 0.5 * (1 + Math.cos((Math.PI * (s - 1000)) / 100_000));
    else value = 0.001 * 0.9 ** ((s - 101_000) / 1000);
    return Math.max(1e-5, value);
  },
);
group('chain of two', chain({ schedules: [cosineDecay({ initialLearningRate: 0.1, decaySteps: 200_000 }), exponential({ initialLearningRate: 1, decayRate: 0.99999 })] }), (s) =>
  0.1 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 200_000)) / 200_000)) * 0.99999 ** s,
);
