#!/usr/bin/env node
// Release dry run (issue 7): what `pnpm version-packages` and `pnpm release` would do, done on a copy of the working
// tree in os.tmpdir(), so nothing here changes and nothing is published.
//   1. copy the tracked and untracked-but-not-ignored files, with each package's built dist and node_modules links;
//   2. `changeset version` there, then check: every pending changeset was consumed; every package it names got a
//      version bump at least as large as asked and a CHANGELOG.md section for the new version holding each of its
//      summaries; private packages (apps/*, @anneal/iris-data) kept their version and got no CHANGELOG;
//   3. `pnpm pack` every publishable package and check the packed manifest: the new version, no `workspace:` range
//      left, and each internal dependency range rewritten to the dependency's new version (`workspace:^` → `^x.y.z`);
//   4. `pnpm publish -r --dry-run --no-git-checks`: exactly the publishable packages, at their new versions.
// Prints what `pnpm version-packages` would produce (versions, bump kinds). Needs `pnpm build` first (packs dist).
// Warnings (not failures): a major bump no changeset asked for (changesets majors a package whose peer dependency
// gets a minor bump), a publishable package without a changeset of its own.
// Environment: ANNEAL_RELEASE_KEEP=1 keeps the temporary copy.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const keep = process.env.ANNEAL_RELEASE_KEEP === '1';
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const problems = [];
const warnings = [];
let work;

function finish() {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const warning of warnings) console.log(`! ${warning}`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✗ ${problem}`);
    console.error(`release dry run: FAILED (${problems.length} problem(s), ${seconds}s)${work && keep ? `; copy kept in ${work}` : ''}`);
    process.exitCode = 1;
  } else console.log(`release dry run: ok (${seconds}s)${keep ? `; copy kept in ${work}` : ''}`);
}

function abort(message, output) {
  problems.push(output ? `${message}\n${output.trimEnd().split('\n').map((line) => `    ${line}`).join('\n')}` : message);
  finish();
  process.exit(1);
}

function run(label, command, args, cwd) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => abort(`${label}: ${error.message}`));
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : abort(`${label}: \`${command} ${args.join(' ')}\` exited with ${code}`, output)));
  });
}

/** Every workspace package: directory (relative), manifest. */
function workspacePackages(base) {
  return ['packages', 'apps'].flatMap((group) =>
    existsSync(join(base, group))
      ? readdirSync(join(base, group))
          .filter((name) => existsSync(join(base, group, name, 'package.json')))
          .map((name) => ({ dir: `${group}/${name}`, manifest: readJson(join(base, group, name, 'package.json')) }))
      : [],
  );
}

/** The pending changesets: file, summary, and the bump each names per package. */
function readChangesets(base) {
  const dir = join(base, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) abort(`.changeset/${file}: no front matter`);
      const releases = {};
      for (const line of match[1].split('\n').filter((l) => l.trim())) {
        const release = /^\s*['"]?([^'"]+)['"]?\s*:\s*(major|minor|patch)\s*$/.exec(line);
        if (!release) abort(`.changeset/${file}: cannot read front matter line ${JSON.stringify(line)}`);
        releases[release[1]] = release[2];
      }
      return { file, releases, summary: match[2].trim() };
    });
}

const RANK = { none: 0, patch: 1, minor: 2, major: 3 };
function bumpKind(from, to) {
  const [a, b] = [from, to].map((v) => v.split('-')[0].split('.').map(Number));
  if (b[0] > a[0]) return 'major';
  if (b[0] === a[0] && b[1] > a[1]) return 'minor';
  if (b[0] === a[0] && b[1] === a[1] && b[2] > a[2]) return 'patch';
  return from === to ? 'none' : 'other';
}
// What changesets makes of a requested bump on a 0.x version is the same bump (no 0.x special case in changesets).

// ---------------------------------------------------------------------------------------------------------------

const before = workspacePackages(root);
const publishable = before.filter((p) => p.manifest.private !== true);
const privates = before.filter((p) => p.manifest.private === true);
for (const p of publishable) {
  if (!existsSync(join(root, p.dir, 'dist'))) abort(`${p.manifest.name} is not built (${p.dir}/dist missing): run \`pnpm build\` first`);
}
const changesets = readChangesets(root);

work = await mkdtemp(join(tmpdir(), 'anneal-release-'));
const copy = join(work, 'repo');
await mkdir(copy);
// The working tree as git sees it (a clean clone in CI), without build outputs and node_modules, which follow.
const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'buffer', maxBuffer: 64 << 20 });
if (listed.status !== 0) abort('git ls-files failed (the release dry run needs a git checkout)', listed.stderr.toString());
for (const file of listed.stdout.toString().split('\0').filter(Boolean)) {
  if (!existsSync(join(root, file))) continue; // deleted but not yet staged
  cpSync(join(root, file), join(copy, file), { recursive: false, dereference: false, verbatimSymlinks: true, force: true, errorOnExist: false });
}
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
for (const p of before) {
  for (const sub of ['node_modules', 'dist']) {
    // Package node_modules hold relative links into ../../node_modules/.pnpm, which the link above resolves.
    if (existsSync(join(root, p.dir, sub))) cpSync(join(root, p.dir, sub), join(copy, p.dir, sub), { recursive: true, verbatimSymlinks: true });
  }
}

const changesetBin = join(root, 'node_modules/.bin/changeset');
await run('changeset version', changesetBin, ['version'], copy);
const after = new Map(workspacePackages(copy).map((p) => [p.manifest.name, p]));

// Consumed changesets.
const left = readChangesets(copy).map((c) => c.file);
if (left.length > 0) problems.push(`changeset version left ${left.join(', ')} in .changeset`);

// Versions and changelogs.
const requested = {};
for (const { releases } of changesets) {
  for (const [name, kind] of Object.entries(releases)) if (RANK[kind] > RANK[requested[name] ?? 'none']) requested[name] = kind;
}
for (const name of Object.keys(requested)) {
  if (!before.some((p) => p.manifest.name === name)) problems.push(`a changeset names ${name}, which is not a workspace package`);
}
console.log('pnpm version-packages would produce:');
for (const p of before) {
  const name = p.manifest.name;
  const next = after.get(name);
  const from = p.manifest.version;
  const to = next.manifest.version;
  const kind = bumpKind(from, to);
  const changelogPath = join(copy, p.dir, 'CHANGELOG.md');
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined;
  if (p.manifest.private === true) {
    if (to !== from) problems.push(`${name} is private but changeset version moved it ${from} → ${to}`);
    if (changelog !== undefined && !existsSync(join(root, p.dir, 'CHANGELOG.md'))) problems.push(`${name} is private but changeset version wrote ${p.dir}/CHANGELOG.md`);
    if (requested[name]) problems.push(`a changeset names private ${name}; private packages are never released`);
    continue;
  }
  const asked = requested[name] ?? 'none';
  console.log(`  ${name}: ${from} → ${to} (${kind}${asked !== 'none' ? `, changesets ask ${asked}` : ', by its dependencies only'})`);
  if (asked !== 'none') {
    if (RANK[kind] === undefined || RANK[kind] < RANK[asked]) problems.push(`${name}: changesets ask for a ${asked} bump, changeset version made ${from} → ${to}`);
    if (changelog === undefined) problems.push(`${name}: no CHANGELOG.md after changeset version`);
    else {
      if (!changelog.includes(`## ${to}\n`)) problems.push(`${name}: CHANGELOG.md has no "## ${to}" section`);
      for (const c of changesets.filter((c) => c.releases[name])) {
        const firstLine = c.summary.split('\n')[0];
        if (!changelog.includes(firstLine)) problems.push(`${name}: CHANGELOG.md lacks the summary of .changeset/${c.file} ("${firstLine.slice(0, 60)}…")`);
      }
    }
  } else if (from === '0.0.0') {
    warnings.push(`${name} has no changeset of its own: its first release would be ${to} with only "Updated dependencies" in its CHANGELOG`);
  }
  if (kind === 'major' && asked !== 'major') {
    warnings.push(`${name}: ${from} → ${to} is a major bump no changeset asks for (changesets majors the dependents of a peer dependency that is bumped: check its peerDependencies on @anneal/*)`);
  }
}

// Packed manifests: internal ranges rewritten to the new versions.
const tarballs = join(work, 'tarballs');
await mkdir(tarballs);
const versions = Object.fromEntries([...after].map(([name, p]) => [name, p.manifest.version]));
for (const p of publishable) {
  const name = p.manifest.name;
  const output = await run(`pnpm pack ${name}`, 'pnpm', ['pack', '--pack-destination', tarballs, '--json'], join(copy, p.dir));
  const file = readdirSync(tarballs).find((entry) => entry.startsWith(name.slice(1).replace('/', '-') + '-') && entry.endsWith('.tgz') && entry.includes(versions[name]));
  if (!file) abort(`pnpm pack ${name}: no tarball for ${versions[name]} in ${tarballs}`, output);
  const manifestText = spawnSync('tar', ['-xOzf', join(tarballs, file), 'package/package.json'], { encoding: 'utf8' }).stdout;
  const packed = JSON.parse(manifestText);
  if (packed.version !== versions[name]) problems.push(`${file}: version ${packed.version}, expected ${versions[name]}`);
  if (manifestText.includes('workspace:')) problems.push(`${file}: a workspace: range survived packing`);
  const original = after.get(name).manifest;
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, spec] of Object.entries(original[field] ?? {})) {
      if (!spec.startsWith('workspace:')) continue;
      if (privates.some((q) => q.manifest.name === dep)) problems.push(`${name} ${field} names private ${dep}, which is never published`);
      const range = spec.slice('workspace:'.length);
      const expected = range === '^' || range === '~' ? `${range}${versions[dep]}` : range === '*' ? versions[dep] : range;
      const got = packed[field]?.[dep];
      if (got !== expected) problems.push(`${file}: ${field}.${dep} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)} (from ${spec})`);
    }
  }
}
console.log(`packed ${publishable.length} tarballs; internal ranges point at the new versions`);

// The publish itself, dry: pnpm skips private packages; check it names exactly the publishable ones.
const published = await run('pnpm publish --dry-run', 'pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], copy);
const listedPublishes = [...published.matchAll(/📦 (@?[^@\s]+)@(\S+)/g)].map((m) => `${m[1]}@${m[2]}`).sort();
const expectedPublishes = publishable.map((p) => `${p.manifest.name}@${versions[p.manifest.name]}`).sort();
if (JSON.stringify(listedPublishes) !== JSON.stringify(expectedPublishes)) {
  problems.push(`pnpm publish -r --dry-run would publish [${listedPublishes.join(', ')}], expected [${expectedPublishes.join(', ')}]`);
}
for (const p of privates) if (published.includes(`${p.manifest.name}@`)) problems.push(`pnpm publish -r --dry-run would publish private ${p.manifest.name}`);
console.log(`pnpm publish -r --dry-run: ${listedPublishes.join(', ')}`);

if (!keep) await rm(work, { recursive: true, force: true });
finish();
