// Turns one `pnpm bench` run of @anneal/core into the tables of docs/benchmarks.md: each schedule's evaluations per
// second next to the same formula written inline, measured side by side in the same run, and the allocation meter.
import { readFileSync, existsSync } from 'node:fs';

const [benchFile = 'packages/core/bench-results.json', allocationFile = 'packages/core/allocations.json'] = process.argv.slice(2);
const STEPS_PER_ITERATION = 4096;
const report = JSON.parse(readFileSync(benchFile, 'utf8'));
const rows = [];
for (const file of report.files) {
  for (const group of file.groups) {
    const inline = group.benchmarks.find((b) => b.name === 'inline arithmetic');
    const anneal = group.benchmarks.find((b) => b.name === 'anneal');
    if (inline === undefined || anneal === undefined) continue;
    const name = group.fullName.split(' > ').at(-1);
    const perSecond = (b) => (b.hz * STEPS_PER_ITERATION) / 1e6;
    rows.push(
      `| ${name} | ${perSecond(anneal).toFixed(0)} M/s | ${perSecond(inline).toFixed(0)} M/s | ${(inline.hz / anneal.hz).toFixed(2)}× |`,
    );
  }
}
console.log('| schedule | anneal | inline formula | slowdown (inline ÷ anneal) |');
console.log('| --- | ---: | ---: | ---: |');
console.log(rows.join('\n'));
if (existsSync(allocationFile)) {
  const allocations = JSON.parse(readFileSync(allocationFile, 'utf8'));
  console.log('\n| schedule | calls | garbage collections |');
  console.log('| --- | ---: | ---: |');
  for (const row of allocations) console.log(`| ${row.schedule} | ${row.calls.toLocaleString('en-US')} | ${row.collections} |`);
}
