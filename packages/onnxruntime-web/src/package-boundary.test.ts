import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function shippedSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : shippedSources(path);
    return entry.name.endsWith('.ts') && !/\.(test|test-d|bench|browser\.test|property\.test)\.ts$/.test(entry.name) && !entry.name.includes('test-support') ? [path] : [];
  });
}

describe('@anneal/onnxruntime-web only bridges', () => {
  test('it imports the core by its public entry, onnxruntime-web, onnx-proto and its own modules; no Node built-ins', () => {
    const files = shippedSources(join(root, 'src'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const allowed = ['@anneal/core', 'onnxruntime-web', 'onnx-proto'].includes(specifier ?? '') || /^\.\.?\//.test(specifier ?? '');
        expect(allowed, `${relative(root, file)} imports ${specifier}`).toBe(true);
      }
    }
  });
  test('onnxruntime-web is a peer dependency; the runtime dependencies are the core and the ONNX schema', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest['dependencies'] ?? {}).sort()).toEqual(['@anneal/core', 'onnx-proto']);
    expect(manifest['peerDependencies']?.['onnxruntime-web']).toMatch(/^\^1\.30/);
  });
});
