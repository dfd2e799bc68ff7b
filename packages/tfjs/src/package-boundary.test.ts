import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function shippedSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : shippedSources(path);
    return entry.name.endsWith('.ts') && !/\.(test|test-d|bench|browser\.test)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('@anneal/tfjs only bridges', () => {
  test('it imports @anneal/core by its public entry, tfjs, its own modules, and Node built-ins only under src/node', () => {
    const files = shippedSources(join(root, 'src'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const inNode = relative(join(root, 'src'), file).startsWith('node');
      for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const allowed = specifier === '@anneal/core' || specifier === '@tensorflow/tfjs' || /^\.\.?\//.test(specifier ?? '') || (inNode && specifier?.startsWith('node:'));
        expect(allowed, `${relative(root, file)} imports ${specifier}`).toBe(true);
      }
    }
  });
  test('@tensorflow/tfjs is a peer dependency and @anneal/core the only runtime dependency', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest['dependencies'] ?? {})).toEqual(['@anneal/core']);
    expect(manifest['peerDependencies']?.['@tensorflow/tfjs']).toMatch(/^\^4/);
  });
});
