export { IRIS_CLASS_NAMES, IRIS_FEATURE_NAMES, irisFeatures, irisLabels } from './iris.js';
export { mulberry32 } from './mulberry32.js';
export { oneHot, type OneHotOptions } from './one-hot.js';
export {
  stratifiedSplit,
  type SplitFractions,
  type SplitIndices,
  type StratifiedSplitOptions,
} from './stratified-split.js';
