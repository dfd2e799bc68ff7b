export type { ChildConfig, ConfiguredSchedule, Schedule, ScheduleConfig } from './schedule.js';
export {
  AnnealError,
  CallbackError,
  EventOrderError,
  InvalidLearningRateError,
  InvalidOptionError,
  InvalidStepError,
  KerasConfigError,
  LearningRateConflictError,
  NotKerasSerializableError,
  SnapshotError,
  UnknownOptionError,
  type AnnealErrorCode,
} from './errors.js';

// Keras 3 schedules.
export { exponentialDecay, type ExponentialDecayConfig, type ExponentialDecayOptions } from './schedules/exponential-decay.js';
export {
  piecewiseConstantDecay,
  type PiecewiseConstantDecayConfig,
  type PiecewiseConstantDecayOptions,
} from './schedules/piecewise-constant-decay.js';
export { polynomialDecay, type PolynomialDecayConfig, type PolynomialDecayOptions } from './schedules/polynomial-decay.js';
export { inverseTimeDecay, type InverseTimeDecayConfig, type InverseTimeDecayOptions } from './schedules/inverse-time-decay.js';
export { cosineDecay, type CosineDecayConfig, type CosineDecayOptions } from './schedules/cosine-decay.js';
export {
  cosineDecayRestarts,
  type CosineDecayRestartsConfig,
  type CosineDecayRestartsOptions,
} from './schedules/cosine-decay-restarts.js';

// PyTorch, optax and Hugging Face families.
export { constant, type ConstantConfig, type ConstantOptions } from './schedules/constant.js';
export { stepwise, type StepwiseConfig, type StepwiseOptions } from './schedules/stepwise.js';
export { multiStep, type MultiStepConfig, type MultiStepOptions } from './schedules/multi-step.js';
export { exponential, type ExponentialConfig, type ExponentialOptions } from './schedules/exponential.js';
export { linear, type LinearConfig, type LinearOptions } from './schedules/linear.js';
export { polynomial, type PolynomialConfig, type PolynomialOptions } from './schedules/polynomial.js';
export { cosineAnnealing, type CosineAnnealingConfig, type CosineAnnealingOptions } from './schedules/cosine-annealing.js';
export {
  cosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsConfig,
  type CosineAnnealingWarmRestartsOptions,
} from './schedules/cosine-annealing-warm-restarts.js';
export { cyclic, type CyclicConfig, type CyclicMode, type CyclicOptions } from './schedules/cyclic.js';
export { oneCycle, type OneCycleAnnealStrategy, type OneCycleConfig, type OneCycleOptions } from './schedules/one-cycle.js';
export {
  warmupStableDecay,
  type WarmupStableDecayConfig,
  type WarmupStableDecayOptions,
  type WarmupStableDecayShape,
} from './schedules/warmup-stable-decay.js';
export { inverseSquareRoot, type InverseSquareRootConfig, type InverseSquareRootOptions } from './schedules/inverse-square-root.js';
export { stepDecay, type StepDecayConfig, type StepDecayOptions } from './schedules/step-decay.js';

// Combinators.
export { warmup, type WarmupConfig, type WarmupOptions, type WarmupType } from './combinators/warmup.js';
export { join, type JoinConfig, type JoinOptions } from './combinators/join.js';
export { chain, type ChainConfig, type ChainOptions } from './combinators/chain.js';
export { clamp, type ClampConfig, type ClampOptions } from './combinators/clamp.js';
export { delay, type DelayConfig, type DelayOptions } from './combinators/delay.js';

// Keras interop and sampling.
export { fromKerasConfig, type KerasScheduleConfig } from './keras/from-keras-config.js';
export { toKerasConfig, type SerializedKerasSchedule } from './keras/to-keras-config.js';
export type { KerasScheduleClassName } from './keras/keras-classes.js';
export { sample, type SampleOptions } from './sample.js';

// Callbacks and the controller.
export type { Callback, CallbackContext, CallbackOutcome, CheckpointRequest, JsonValue, Logs } from './callbacks/callback.js';
export type { MonitorMode } from './callbacks/monitor.js';
export { learningRateScheduler, type EpochSchedule, type LearningRateSchedulerOptions } from './callbacks/learning-rate-scheduler.js';
export {
  reduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauState,
} from './callbacks/reduce-lr-on-plateau.js';
export { modelCheckpoint, type ModelCheckpointOptions, type ModelCheckpointState } from './callbacks/model-checkpoint.js';
export { earlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './callbacks/early-stopping.js';
export {
  createControllerMachine,
  type ConflictPolicy,
  type ControllerEffect,
  type ControllerEvent,
  type ControllerMachine,
  type ControllerOptions,
  type ControllerState,
} from './controller/transition.js';
export {
  createController,
  type Controller,
  type CreateControllerOptions,
  type Decision,
  type RestoreOptions,
} from './controller/create-controller.js';
export { SNAPSHOT_VERSION, type ControllerSnapshot } from './controller/snapshot.js';
export { checkOptionKeys, type CheckOptionKeysOptions } from './check-option-keys.js';
export { checkProgressListener, type CheckProgressListenerOptions } from './check-progress-listener.js';
export type {
  ProgressBatchEnd,
  ProgressEpochBegin,
  ProgressEpochEnd,
  ProgressListener,
  ProgressTrainBegin,
  ProgressTrainEnd,
} from './progress-listener.js';
export {
  fromKerasOptimizerConfig,
  type FromKerasOptimizerConfigOptions,
  type KerasOptimizer,
  type KerasOptimizerClassName,
  type KerasOptimizerConfig,
} from './keras/from-keras-optimizer-config.js';
export { labelEncoder, type LabelEncoder, type LabelEncoderOptions } from './label-encoder.js';
