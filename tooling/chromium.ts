/**
 * Debian's Chromium, headless, with software GPU: SwiftShader for WebGL through ANGLE, and SwiftShader's WebGPU
 * adapter. The other flags keep it from reaching for the network, which is closed here.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];
