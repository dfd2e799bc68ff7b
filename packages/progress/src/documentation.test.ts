import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkDocumentation } from '../../../tooling/documentation.ts';

describe('@anneal/progress public API documentation', () => {
  const report = checkDocumentation(fileURLToPath(new URL('..', import.meta.url)));

  test('index.ts compiles, so the export list is the real one', () => {
    expect(report.diagnostics).toEqual([]);
    // A guard against a silently empty export list making the next test pass vacuously.
    expect(report.exportCount).toBeGreaterThanOrEqual(4);
  });

  test('every export has TSDoc with a description and an @example', () => {
    expect(report.offenders, `exports missing TSDoc:\n${report.offenders.join('\n')}`).toEqual([]);
  });
});
