export { withSchedule, UnsupportedOptimizerError, type DrivableOptimizerName } from './optimizer-bridge.js';
export { fitCallback, AnnealFitCallback, type FitCallbackOptions } from './fit-callback.js';
export { formatFilepath } from './format-filepath.js';
export { classifier, type Classifier, type ClassifierOptions, type ClassLabels, type Features } from './classifier.js';
export { optimizerFromKerasConfig, type OptimizerFromKerasConfigOptions } from './optimizer-from-keras-config.js';
