#!/usr/bin/env node
// Size budget of @anneal/core (issue 7), measured on the built packages/core/dist as a consumer's bundler sees it
// (resolved through the package's `exports` and `sideEffects: false`), minified, tree-shaken and gzipped:
//   - one Keras schedule (`import { exponentialDecay } from '@anneal/core'`) < 2 kB  (2048 bytes)
//   - the whole core (`export * from '@anneal/core'`)                         < 12 kB (12288 bytes)
// Bundler: esbuild's JS API when the workspace has it (node_modules/.pnpm/esbuild@*, or ESBUILD_PATH pointing at an
// esbuild package directory); otherwise rolldown, the bundler vite 8 builds with (node_modules/.pnpm/rolldown@*).
// Builds nothing: run `pnpm build` first. `--verbose` lists the largest modules of every bundle; they are always
// listed for a bundle over its budget. Exits non-zero when a budget is exceeded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const coreDir = join(root, 'packages/core');
const verbose = process.argv.includes('--verbose');

const budgets = [
  {
    name: 'one schedule (exponentialDecay)',
    limit: 2048,
    source: `import { exponentialDecay } from '@anneal/core';\nconsole.log(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })(1));\n`,
  },
  { name: 'whole core (export *)', limit: 12 * 1024, source: `export * from '@anneal/core';\n` },
];

if (!existsSync(join(coreDir, 'dist/index.js'))) {
  console.error('✗ packages/core/dist/index.js missing: run `pnpm build` first');
  process.exit(1);
}

function findPackage(prefix, subpath) {
  const store = join(root, 'node_modules/.pnpm');
  const entry = readdirSync(store)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .at(-1);
  return entry ? join(store, entry, 'node_modules', subpath) : undefined;
}

/** Loads a package's main entry by its directory (plain Node resolution from outside the workspace root). */
async function importPackage(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const exp = pkg.exports?.['.'];
  const file = typeof exp === 'string' ? exp : (exp?.import?.default ?? exp?.import ?? exp?.default ?? exp?.node ?? pkg.main ?? 'index.js');
  return { version: pkg.version, module: await import(pathToFileURL(join(dir, typeof file === 'string' ? file : file.default)).href) };
}

async function esbuildBundler(dir) {
  const { version, module } = await importPackage(dir);
  const esbuild = module.default ?? module;
  return {
    name: `esbuild ${version}`,
    async bundle(entry, cwd) {
      const result = await esbuild.build({
        entryPoints: [entry],
        absWorkingDir: cwd,
        bundle: true,
        minify: true,
        treeShaking: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const output = Object.values(result.metafile.outputs)[0];
      const modules = Object.entries(output.inputs).map(([id, { bytesInOutput }]) => ({ id, bytes: bytesInOutput }));
      return { code: result.outputFiles[0].contents, modules };
    },
  };
}

async function rolldownBundler(dir) {
  const { version, module } = await importPackage(dir);
  return {
    name: `rolldown ${version} (no esbuild in the workspace)`,
    async bundle(entry, cwd) {
      const build = await module.rolldown({ input: entry, cwd, platform: 'browser', treeshake: true, logLevel: 'silent' });
      try {
        const { output } = await build.generate({ format: 'esm', minify: true });
        const chunks = output.filter((o) => o.type === 'chunk');
        if (chunks.length !== 1) throw new Error(`expected one chunk, got ${chunks.length}`);
        // renderedLength is measured before minification: a ranking of the modules, not their minified bytes.
        const modules = Object.entries(chunks[0].modules).map(([id, m]) => ({ id, bytes: m.renderedLength }));
        return { code: Buffer.from(chunks[0].code), modules };
      } finally {
        await build.close();
      }
    },
  };
}

const esbuildDir = process.env.ESBUILD_PATH ?? findPackage('esbuild@', 'esbuild');
const rolldownDir = findPackage('rolldown@', 'rolldown');
let bundler;
if (esbuildDir && existsSync(join(esbuildDir, 'package.json'))) bundler = await esbuildBundler(esbuildDir);
else if (rolldownDir) bundler = await rolldownBundler(rolldownDir);
else {
  console.error('✗ neither esbuild nor rolldown found under node_modules/.pnpm (run `pnpm install`, or set ESBUILD_PATH)');
  process.exit(1);
}

// A consumer project outside the workspace with @anneal/core linked in, so the package's own exports and
// sideEffects fields decide what is bundled.
const work = await mkdtemp(join(tmpdir(), 'anneal-size-'));
let failed = false;
try {
  await mkdir(join(work, 'node_modules/@anneal'), { recursive: true });
  await symlink(coreDir, join(work, 'node_modules/@anneal/core'), 'dir');
  await writeFile(join(work, 'package.json'), '{ "name": "size-budget", "private": true, "type": "module" }\n');
  console.log(`size budget of @anneal/core (min+gzip, ${bundler.name})`);
  for (const [index, { name, limit, source }] of budgets.entries()) {
    const entry = join(work, `entry-${index}.js`);
    await writeFile(entry, source);
    const { code, modules } = await bundler.bundle(entry, work);
    const gzipped = gzipSync(code, { level: 9 }).length;
    const ok = gzipped < limit;
    failed ||= !ok;
    console.log(`${ok ? '✓' : '✗'} ${name}: ${gzipped} B min+gzip (${code.length} B min) — budget < ${limit} B`);
    if (!ok || verbose) {
      const total = modules.reduce((sum, m) => sum + m.bytes, 0) || 1;
      const top = modules.filter((m) => m.bytes > 0).sort((a, b) => b.bytes - a.bytes);
      console.log(`    ${top.length} modules in the bundle; largest:`);
      for (const m of top.slice(0, 10)) {
        const abs = resolve(work, m.id); // esbuild's metafile paths are relative to absWorkingDir
        const id = abs.startsWith(coreDir) ? `@anneal/core/${relative(coreDir, abs)}` : relative(work, abs);
        console.log(`    ${String(m.bytes).padStart(7)} B  ${((100 * m.bytes) / total).toFixed(1).padStart(5)}%  ${id}`);
      }
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
if (failed) {
  console.error('size budget: EXCEEDED (sizes and largest modules above; the core is not changed by this script)');
  process.exitCode = 1;
} else console.log('size budget: ok');
