export {
  builtInCallbacks,
  builtInSchedules,
  combinedSchedules,
  increasingSteps,
  kerasSchedules,
  learningRates,
  metricSequences,
  scheduleOptions,
  steps,
  type CombinedScheduleOptions,
  type Drawn,
  type MetricSequenceOptions,
} from './arbitraries.js';
export {
  isNonIncreasing,
  isPiecewiseConstantAt,
  isPure,
  respectsFloor,
  resumesExactly,
  staysWithin,
  type FloorOptions,
  type PiecewiseOptions,
  type ResumeOptions,
  type StepOptions,
  type WithinOptions,
} from './properties.js';
export { expectSchedule, type CheckOptions, type ScheduleExpectation } from './expect-schedule.js';
