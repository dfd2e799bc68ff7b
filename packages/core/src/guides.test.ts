import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as anneal from './index.js';
import type { ConfiguredSchedule, Schedule } from './index.js';

// The guides in docs/guides promise "the same numbers" as Keras and PyTorch, computed by @anneal/core. This test
// recomputes every number of their value tables from the expressions written next to them, so a guide cannot drift
// from the code (or keep a number someone typed by hand).

const guide = (name: string): string => readFileSync(new URL(`../../../docs/guides/${name}`, import.meta.url), 'utf8');

/** Evaluates a TypeScript expression or statements of a guide with every core export in scope. */
function evaluate(code: string, trailer: string): unknown {
  const names = Object.keys(anneal);
  const run = new Function(...names, `${code}\n${trailer}`) as (...values: unknown[]) => unknown;
  return run(...names.map((name) => (anneal as Record<string, unknown>)[name]));
}

const scheduleOf = (expression: string): ConfiguredSchedule => evaluate('', `return ${expression};`) as ConfiguredSchedule;

/** A guide's numbers are `Number#toPrecision(6)` of the core's values, written without trailing zeros. */
function expectPrinted(printed: string, schedule: Schedule, step: number, where: string): void {
  expect(Number(printed), `${where} at step ${step}`).toBe(Number(schedule(step).toPrecision(6)));
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The Markdown tables of a guide, with the paragraph just before each one. */
function tables(markdown: string): { before: string; rows: string[][] }[] {
  const found: { before: string; rows: string[][] }[] = [];
  const blocks = markdown.split(/\n\s*\n/);
  blocks.forEach((block, index) => {
    const lines = block.split('\n');
    const start = lines.findIndex((line) => line.startsWith('|'));
    if (start === -1) return;
    const rows = lines.slice(start).filter((line) => !/^\|\s*-/.test(line)).map(tableCells);
    const before = start > 0 ? lines.slice(0, start).join(' ') : (blocks[index - 1] ?? '');
    found.push({ before, rows });
  });
  return found;
}

describe('docs/guides/from-keras.md', () => {
  const markdown = guide('from-keras.md');
  const all = tables(markdown);

  test('the table of the six schedules: every column recomputed from the code block above it', () => {
    const code = /```ts\n(import \{ exponentialDecay[^\n]*\n[\s\S]*?)```/.exec(markdown)?.[1];
    expect(code, 'the code block defining the columns').toBeDefined();
    const table = all.find(({ rows }) => rows[0]?.[0] === 'step' && rows[0][1]?.startsWith('`'));
    expect(table).toBeDefined();
    const [header, ...rows] = table!.rows as [string[], ...string[][]];
    const variables = [...header.slice(1).join(' ').matchAll(/`(\w+)`/g)].map((match) => match[1] as string);
    const defined = evaluate((code as string).replace(/^import .*$/m, ''), `return { ${[...new Set(variables)].join(', ')} };`) as Record<string, ConfiguredSchedule>;
    const columns = header.slice(1).map((title) => {
      const [, name, extra] = /^`(\w+)`(?:, `(.+)`)?$/.exec(title) ?? [];
      const base = defined[name as string] as ConfiguredSchedule;
      expect(base, title).toBeDefined();
      if (extra === undefined) return base;
      const options = { ...base.config.options, ...(evaluate('', `return { ${extra} };`) as object) };
      return (anneal as unknown as Record<string, (options: object) => ConfiguredSchedule>)[base.config.name]!(options);
    });
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const step = Number(row[0]);
      columns.forEach((schedule, column) => expectPrinted(row[column + 1] as string, schedule, step, header[column + 1] as string));
    }
  });

  test('the step/rate tables: recomputed from the expression that introduces each', () => {
    const stepRate = all.filter(({ rows }) => rows[0]?.[0] === 'step' && rows[1]?.[0] === 'rate');
    expect(stepRate.map(({ before }) => /^`(\w+)\(/.exec(before)?.[1])).toEqual(['piecewiseConstantDecay', 'cosineDecayRestarts']);
    for (const { before, rows } of stepRate) {
      const expression = /^`([^`]+)`/.exec(before)?.[1] as string;
      const schedule = scheduleOf(expression);
      const [steps, rates] = rows as [string[], string[]];
      steps.slice(1).forEach((step, index) => expectPrinted(rates[index + 1] as string, schedule, Number(step), expression));
    }
  });

  test("cosineDecay's warmup sentence", () => {
    const [, expression, values] = /`(cosineDecay\(\{[^`]*warmupTarget[^`]*\}\))`: ([^(]*)\(/.exec(markdown.replace(/\n/g, ' ')) ?? [];
    expect(expression).toBeDefined();
    const schedule = scheduleOf(expression as string);
    const pairs = [...(values as string).matchAll(/([\d.e-]+) (?:at|from) (?:step )?(\d+)/g)];
    expect(pairs.length).toBe(5);
    for (const [, printed, step] of pairs) expectPrinted(printed as string, schedule, Number(step), expression as string);
  });
});

describe('docs/guides/from-pytorch.md', () => {
  const markdown = guide('from-pytorch.md');

  test('the value table: every "step: value" recomputed from the anneal column', () => {
    const table = tables(markdown).find(({ rows }) => rows[0]?.[2] === 'values at step `s`');
    expect(table).toBeDefined();
    let previous: { expression: string; schedule: ConfiguredSchedule } | undefined;
    const rows = table!.rows.slice(1);
    expect(rows.length).toBeGreaterThan(10);
    for (const [, anneal, values] of rows as [string, string, string][]) {
      const written = /^`(.+)`$/.exec(anneal)?.[1] as string;
      // "…, mode: 'triangular2'" adds options to the row above; "identical" repeats its values.
      const expression = written.startsWith('…, ')
        ? (previous?.expression as string).replace(/ \}\)$/, `${written.slice(1)} })`)
        : written;
      const schedule = scheduleOf(expression);
      const pairs = values === 'identical' ? undefined : [...values.matchAll(/(\d+): ([\d.e-]+)/g)];
      if (pairs === undefined) {
        for (let step = 0; step <= 20; step++) expect(schedule(step), `${expression} at ${step}`).toBeCloseTo(previous!.schedule(step), 15);
      } else {
        expect(pairs.length, expression).toBeGreaterThan(2);
        for (const [, step, printed] of pairs) expectPrinted(printed as string, schedule, Number(step), expression);
      }
      if (!written.startsWith('…, ')) previous = { expression, schedule };
    }
  });

  test('the per-epoch cosineAnnealing comment', () => {
    const [, expression, values] = /learningRateScheduler\((cosineAnnealing\(\{[^)]*\}\))\);\n\/\/ epochs 0\.\.4 train at ([^—]*)—/.exec(markdown) ?? [];
    expect(expression).toBeDefined();
    const printed = (values as string).split(',').map((value) => value.trim());
    expect(printed.length).toBe(5);
    const schedule = scheduleOf(expression as string);
    printed.forEach((value, epoch) => expectPrinted(value, schedule, epoch, expression as string));
  });
});
