export { withSchedule, UnsupportedOptimizerError, type DrivableOptimizerName } from './optimizer-bridge.js';
export { fitCallback, AnnealFitCallback, type FitCallbackOptions } from './fit-callback.js';
export { formatFilepath } from './format-filepath.js';
