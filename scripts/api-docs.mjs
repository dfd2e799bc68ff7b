#!/usr/bin/env node
// API reference (issue 7): TypeDoc + typedoc-plugin-markdown over every published package, one entry point per
// `exports` subpath (`@anneal/tfjs/node` included), written to docs/api.
//   node scripts/api-docs.mjs            regenerate docs/api
//   node scripts/api-docs.mjs --check    regenerate into a temporary directory and fail if docs/api differs
// Every TypeDoc warning fails the run: an undocumented export, a broken {@link}, a type
// referenced by the API but not exported (unless listed in INTENTIONALLY_NOT_EXPORTED below).
// Reads the sources, not dist: no build needed. `--skip=@anneal/name` leaves out a package whose sources do not
// exist yet (the generated docs are then stale for it, which --check reports).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const skip = new Set(process.argv.filter((arg) => arg.startsWith('--skip=')).map((arg) => arg.slice('--skip='.length)));
const apiDir = join(root, 'docs/api');
const started = performance.now();

// Types a package's public API mentions without exporting them; each is documented where it is used.
const INTENTIONALLY_NOT_EXPORTED = {
  '@anneal/core': ['StoredBest'], // the `best` field of callback states: a number, 'NaN' or null
  '@anneal/onnxruntime-web': ['LearningRate'], // an optimizer spec's rate: a number or a schedule
};

// {@link}s from one package's comments to another published package's exports (`{@link ProgressListener}` in
// @anneal/progress's docs, to @anneal/core's). Each package's own run resolves them to a symbol it does not document,
// which TypeDoc warns about; this maps them to the page the merged reference gives that symbol. The paths are relative
// to the linking page: a member page one folder below its package (`@anneal/progress/interfaces/ProgressBar.md`).
const CROSS_PACKAGE_LINKS = {
  '@anneal/progress': { '@anneal/core': { ProgressListener: '../../core/interfaces/ProgressListener.md' } },
};

function fail(message) {
  console.error(`✗ api docs: ${message}`);
  process.exit(1);
}

// Publishable packages and the source file behind each export subpath (./dist/x/index.js → src/x/index.ts).
const packages = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private === true || skip.has(manifest.name)) continue;
  const entries = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === './package.json') continue;
    const built = typeof target === 'string' ? target : (target.default ?? target.import);
    const source = built?.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    if (typeof source !== 'string' || !source.startsWith('src/')) fail(`${manifest.name}: cannot map export '${subpath}' (${JSON.stringify(target)}) to a source file`);
    if (!existsSync(join(dir, source))) fail(`${manifest.name}: export '${subpath}' has no source ${relative(root, join(dir, source))} (pass --skip=${manifest.name} while it is being written)`);
    entries.push(source);
  }
  if (entries.length === 0) fail(`${manifest.name} has no exports`);
  packages.push({ name: manifest.name, dir, entries });
}

// One TypeDoc run per package (its own tsconfig, its exports as entry points) to JSON, then one merge run that
// renders them together: TypeDoc's packages mode takes a single entry-point list for every package, which cannot
// say "src/node/index.ts in @anneal/tfjs only".
const common = {
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  disableGit: true,
  // --check refuses any warning; regeneration still writes the docs, lists the warnings and exits non-zero, so
  // docs/api can be refreshed while a package's owner fixes them.
  treatWarningsAsErrors: check,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  requiredToBeDocumented: ['Class', 'Function', 'Interface', 'TypeAlias', 'Variable', 'Enum', 'Namespace'],
};

const typedoc = join(root, 'node_modules/typedoc/bin/typedoc');
if (!existsSync(typedoc)) fail('typedoc is not installed (run `pnpm install`)');

/** Runs TypeDoc with `options` written to a config file; resolves with its output, or fails with it. */
function runTypedoc(label, options, configPath) {
  return new Promise((resolvePromise) => {
    writeFile(configPath, `${JSON.stringify(options, null, 2)}\n`).then(() => {
      const child = spawn(process.execPath, [typedoc, '--options', configPath, '--logLevel', 'Warn'], { cwd: root });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => {
        resolvePromise({ label, ok: code === 0, output: output.trim() });
      });
    });
  });
}

const work = await mkdtemp(join(tmpdir(), 'anneal-api-docs-'));
try {
  const jsons = packages.map((p) => join(work, `${p.name.replace('/', '__')}.json`));
  const outputs = await Promise.all(
    packages.map((p, index) =>
      runTypedoc(
        p.name,
        {
          ...common,
          entryPointStrategy: 'resolve',
          entryPoints: p.entries.map((source) => join(p.dir, source)),
          tsconfig: join(p.dir, 'tsconfig.build.json'),
          name: p.name,
          intentionallyNotExported: INTENTIONALLY_NOT_EXPORTED[p.name] ?? [],
          externalSymbolLinkMappings: CROSS_PACKAGE_LINKS[p.name] ?? {},
          readme: 'none',
          json: jsons[index],
        },
        join(work, `typedoc.${index}.json`),
      ),
    ),
  );
  const warned = (run) => /\[warning\]/.test(run.output.replace(/\x1b\[[0-9;]*m/g, ''));
  const failed = outputs.filter((run) => !run.ok);
  if (failed.length > 0) {
    fail(`TypeDoc failed (its warnings count as errors):\n${failed.map((run) => `--- ${run.label}\n${run.output}`).join('\n')}`);
  }
  const out = check ? join(work, 'api') : apiDir;
  const merged = (
    await runTypedoc(
      'the merged reference',
      {
        ...common,
        entryPointStrategy: 'merge',
        entryPoints: jsons,
        plugin: ['typedoc-plugin-markdown'],
        name: 'anneal API reference',
        readme: 'none',
        out,
        cleanOutputDir: true,
        hideGenerator: true,
        hidePageHeader: true,
      },
      join(work, 'typedoc.merge.json'),
    )
  );
  if (!merged.ok) fail(`TypeDoc failed on the merged reference:\n${merged.output}`);
  for (const run of [...outputs, merged]) if (run.output) console.log(run.output);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const names = packages.map((p) => p.name).join(', ');
  if (!check) {
    const warnings = [...outputs, merged].filter(warned).map((run) => run.label);
    if (warnings.length > 0) fail(`docs/api regenerated for ${names}, but TypeDoc warned (above) on ${warnings.join(', ')}; --check, run by CI, fails until they are fixed`);
    console.log(`✓ api docs: docs/api regenerated for ${names} (${seconds}s)`);
  } else {
    const differences = compareTrees(apiDir, out);
    if (differences.length > 0) {
      fail(`docs/api is out of date (${differences.length} file(s)):\n${differences.map((d) => `    ${d}`).join('\n')}\nrun \`pnpm docs:api\` and commit docs/api`);
    }
    console.log(`✓ api docs: docs/api is up to date for ${names}, no TypeDoc warnings (${seconds}s)`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

function listFiles(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}

function compareTrees(committed, fresh) {
  const a = new Set(listFiles(committed));
  const b = new Set(listFiles(fresh));
  const differences = [];
  for (const file of [...new Set([...a, ...b])].sort()) {
    if (!a.has(file)) differences.push(`missing: docs/api/${file}`);
    else if (!b.has(file)) differences.push(`no longer generated: docs/api/${file}`);
    else if (!readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file)))) differences.push(`changed: docs/api/${file}`);
  }
  return differences;
}
