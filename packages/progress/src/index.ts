export { progressBar, type ProgressBar, type ProgressBarOptions, type ProgressStream } from './progress-bar.js';
