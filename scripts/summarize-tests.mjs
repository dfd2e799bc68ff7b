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
    const directory = join(group, name);
    if (!existsSync(directory)) continue;
    // test-results.json from Node, test-results.browser.json from the Chromium run, where a package has one.
    for (const file of readdirSync(directory).filter((entry) => /^test-results(\.[a-z]+)?\.json$/.test(entry)).sort()) {
      const report = JSON.parse(readFileSync(join(directory, file), 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
      const label = file === 'test-results.json' ? directory : `${directory} (${file.split('.')[1]})`;
      lines.push(`  ${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
    }
  }
}
if (lines.length === 0) {
  console.error('summarize-tests: no test-results.json found; did the tests run?');
  process.exit(1);
}
console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0) process.exit(1);
