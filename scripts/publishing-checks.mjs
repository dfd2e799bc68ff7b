#!/usr/bin/env node
// The publishing checks of issue 7, run by `pnpm test` (and so by CI) after turbo has built, linted and tested every
// package: each runs even when an earlier one failed, so one CI log shows every problem; exits non-zero if any failed.
//   size budget      scripts/consumers/size-budget.mjs   @anneal/core min+gzip: one schedule < 2,000 B, all < 12,000 B
//   consumers        scripts/consumers/run.mjs           packed tarballs installed and run outside the workspace
//   release dry run  scripts/release-dry-run.mjs         changeset version + pack + pnpm publish --dry-run on a copy
//   api docs         scripts/api-docs.mjs --check        docs/api regenerated and compared; TypeDoc warnings fail
// `--only=size,consumers,...` runs a subset (names: size, consumers, release, api-docs).
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const checks = [
  { key: 'size', name: 'size budget', args: ['scripts/consumers/size-budget.mjs'] },
  { key: 'consumers', name: 'consumers', args: ['scripts/consumers/run.mjs'] },
  { key: 'release', name: 'release dry run', args: ['scripts/release-dry-run.mjs'] },
  { key: 'api-docs', name: 'api docs', args: ['scripts/api-docs.mjs', '--check'] },
];
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = only ? checks.filter((check) => only.includes(check.key)) : checks;
if (only && selected.length !== only.length) {
  console.error(`publishing checks: unknown name in --only (known: ${checks.map((c) => c.key).join(', ')})`);
  process.exit(2);
}

const results = [];
for (const check of selected) {
  const from = performance.now();
  console.log(`\n── ${check.name} ──`);
  // Output streams through as it comes: the consumer test takes most of a minute.
  const code = await new Promise((done) => {
    const child = spawn(process.execPath, check.args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => done(1));
    child.on('close', (status) => done(status ?? 1));
  });
  results.push({ ...check, ok: code === 0, seconds: (performance.now() - from) / 1000 });
}

console.log('\npublishing checks:');
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name} (${r.seconds.toFixed(1)}s)`);
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`publishing checks: ${failed.length} failed (${failed.map((r) => r.name).join(', ')}); each one's output is above`);
  process.exit(1);
}
