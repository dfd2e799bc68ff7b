import { annealBrowserConfig } from '../../tooling/vitest-browser-config.ts';

// The GPU backends run in a real browser: Debian's Chromium, headless, WebGL and WebGPU in software.
export default annealBrowserConfig('@anneal/tfjs');
