export * from './graph/index.js';
export { adam, adamw, rmsprop, sgd, type AdamSpec, type OptimizerSpec, type RmspropSpec, type SgdSpec } from './optimizers/optimizers.js';
export { emitOptimizerStep, type EmitOptimizerStepOptions, type OptimizerGraph, type StateSlot } from './optimizers/emit-optimizer-step.js';
export { createSession, hasWebGpu, type CreateSessionOptions, type ExecutionProvider, type TrainingSession } from './runtime/create-session.js';
export { buildEvaluationGraph, buildPredictionGraph, buildTrainingStepGraph, buildUnrolledTrainingGraph, type TrainingStepGraph, type UnrolledTrainingGraph } from './training-graphs.js';
export { initialWeights, mulberry32 } from './initial-weights.js';
export { createTrainer, type FitOptions, type History, type Targets, type Trainer, type TrainerCheckpoint, type TrainerOptions } from './trainer.js';
export { classifier, type Classifier, type ClassifierOptions } from './classifier.js';
export { optimizerFromKerasConfig, type OptimizerFromKerasConfigOptions } from './optimizer-from-keras-config.js';
