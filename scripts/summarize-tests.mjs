// Adds up the vitest JSON reports of every package into one closing line, so a CI log ends with
// "N passed, N failed" for the whole workspace instead of one summary per package scattered through turbo's output.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, 'test-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    lines.push(`  ${join(group, name)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}
if (lines.length === 0) {
  console.error('summarize-tests: no test-results.json found; did the tests run?');
  process.exit(1);
}
console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0) process.exit(1);
