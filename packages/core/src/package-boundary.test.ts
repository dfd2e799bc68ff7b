import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isShipped = entry.name.endsWith('.ts') && !/\.(test|test-d|bench|property\.test)\.ts$/.test(entry.name);
    return isShipped && !path.includes('test-support') ? [path] : [];
  });
}

describe('@anneal/core stays pure', () => {
  test('no runtime or peer dependencies', () => {
    expect(manifest['dependencies'] ?? {}).toEqual({});
    expect(manifest['peerDependencies'] ?? {}).toEqual({});
    expect(manifest['sideEffects']).toBe(false);
  });
  test('shipped source imports only its own modules: no ML framework, no Node built-in', () => {
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      // TSDoc examples import '@anneal/core' as users do; only code counts.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
    }
  });
});
