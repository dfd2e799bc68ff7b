// The main job until the iris demo lands: prints the seed article's schedules side by side, step by step, computed by
// the built @anneal/core exactly as a user's code would import it.
import {
  cosineDecay,
  delay,
  exponentialDecay,
  inverseTimeDecay,
  piecewiseConstantDecay,
  polynomialDecay,
  stepDecay,
  toKerasConfig,
} from '@anneal/core';

const columns = [
  ['ExponentialDecay', exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 })],
  ['PiecewiseConstant', piecewiseConstantDecay({ boundaries: [1000, 10_000], values: [1.0, 0.5, 0.1] })],
  ['PolynomialDecay', polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.001, power: 0.5 })],
  ['InverseTimeDecay', inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })],
  ['CosineDecay+warmup', cosineDecay({ initialLearningRate: 0, warmupTarget: 0.1, warmupSteps: 1000, decaySteps: 20_000 })],
];
const steps = [0, 1, 10, 100, 1000, 1001, 5000, 10_000, 10_001, 20_000, 50_000];
const width = 20;
const format = (value) => value.toPrecision(6).padStart(width);

console.log('Learning rate by optimizer step (the seed article\'s Keras schedules, computed by @anneal/core)\n');
console.log('step'.padStart(8) + columns.map(([name]) => name.padStart(width)).join(''));
for (const step of steps) console.log(String(step).padStart(8) + columns.map(([, schedule]) => format(schedule(step))).join(''));

const article = delay({ schedule: stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }), delaySteps: 100 });
console.log('\nThe article\'s method two: 0.1 for 100 epochs, then halve every 10 epochs (by epoch)\n');
console.log([0, 99, 100, 108, 109, 119, 149, 199].map((epoch) => `epoch ${epoch}: ${article(epoch)}`).join('\n'));

console.log('\nKeras 3 JSON of the first schedule (load it in Python with keras.optimizers.schedules.deserialize):\n');
console.log(JSON.stringify(toKerasConfig(columns[0][1])));
