// The one training path of apps/iris, shared by the command line and the page.
export * from './callbacks.js';
export * from './data.js';
export * from './events.js';
export * from './experiment.js';
export * from './schedules.js';
export * from './settings.js';
