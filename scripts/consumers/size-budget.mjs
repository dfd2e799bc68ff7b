#!/usr/bin/env node
// Size budget of @anneal/core (issue 7), measured on the built packages/core/dist as a consumer's bundler sees it
// (resolved through the package's `exports` and `sideEffects: false`), minified, tree-shaken and gzipped (level 9):
//   - one Keras schedule (`import { exponentialDecay } from '@anneal/core'`) < 2 kB  = 2,000 bytes
//   - the whole core (`export * from '@anneal/core'`)                         < 12 kB = 12,000 bytes
// kB is decimal: a KiB reading would pass a core 288 bytes over the figure.
// Bundler: rolldown, the bundler vite 8 builds with — what a Vite user ships, and already in the lockfile (through the
// workspace's vite). esbuild is only an optional peer of vite here, so not installed; it also minifies this core
// ~3% larger, so its figure would not be the one users of the workspace's own toolchain see.
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
    limit: 2000,
    source: `import { exponentialDecay } from '@anneal/core';\nconsole.log(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })(1));\n`,
  },
  { name: 'whole core (export *)', limit: 12_000, source: `export * from '@anneal/core';\n` },
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

async function rolldownBundler(dir) {
  const { version, module } = await importPackage(dir);
  return {
    name: `rolldown ${version}`,
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

const rolldownDir = findPackage('rolldown@', 'rolldown');
if (!rolldownDir) {
  console.error('✗ rolldown not found under node_modules/.pnpm (it comes with vite 8: run `pnpm install`)');
  process.exit(1);
}
const bundler = await rolldownBundler(rolldownDir);

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
        const abs = resolve(work, m.id);
        const id = abs.startsWith(coreDir) ? `@anneal/core/${relative(coreDir, abs)}` : relative(work, abs);
        console.log(`    ${String(m.bytes).padStart(7)} B  ${((100 * m.bytes) / total).toFixed(1).padStart(5)}%  ${id}`);
      }
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
if (failed) {
  console.log('size budget: EXCEEDED (sizes and largest modules above; the core is not changed by this script)');
  process.exitCode = 1;
} else console.log('size budget: ok');
