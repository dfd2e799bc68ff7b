import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { IRIS_CLASS_NAMES, IRIS_FEATURE_NAMES, irisFeatures, irisLabels } from './iris.js';

const csvText = readFileSync(fileURLToPath(new URL('../data/iris.csv', import.meta.url)), 'utf8');
const script = fileURLToPath(new URL('../scripts/generate-iris-ts.mjs', import.meta.url));

/** An independent parse of the CSV (not the generator's), to compare the embedded literals against. */
function parseCsv(text: string): { header: string; rows: { features: number[]; species: string }[] } {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    return { features: cells.slice(0, 4).map(Number), species: cells[4] ?? '' };
  });
  return { header, rows };
}

/** Column sums in tenths of a centimetre, as exact integers (every value has one decimal). */
function columnSumsInTenths(rows: readonly (readonly number[])[]): number[] {
  const sums = [0, 0, 0, 0];
  for (const row of rows) row.forEach((value, column) => (sums[column]! += Math.round(value * 10)));
  return sums;
}

describe('the CSV', () => {
  const { header, rows } = parseCsv(csvText);

  test('has the documented header and 150 rows of 4 numbers and a species', () => {
    expect(header).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
    expect(rows).toHaveLength(150);
    for (const row of rows) {
      expect(row.features.every((value) => Number.isFinite(value) && value > 0)).toBe(true);
      expect(IRIS_CLASS_NAMES).toContain(row.species);
    }
  });

  test('has 50 rows per species, in the order setosa, versicolor, virginica', () => {
    expect(rows.slice(0, 50).every((row) => row.species === 'setosa')).toBe(true);
    expect(rows.slice(50, 100).every((row) => row.species === 'versicolor')).toBe(true);
    expect(rows.slice(100).every((row) => row.species === 'virginica')).toBe(true);
  });
});

describe('irisFeatures and irisLabels', () => {
  test('name the four features and three classes', () => {
    expect(IRIS_FEATURE_NAMES).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(IRIS_CLASS_NAMES).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  test('have 150 rows of 4 features and 150 labels', () => {
    expect(irisFeatures).toHaveLength(150);
    expect(irisLabels).toHaveLength(150);
    for (const row of irisFeatures) expect(row).toHaveLength(4);
  });

  test('have 50 rows per class, in the order setosa, versicolor, virginica', () => {
    expect(irisLabels.filter((label) => label === 0)).toHaveLength(50);
    expect(irisLabels.filter((label) => label === 1)).toHaveLength(50);
    expect(irisLabels.filter((label) => label === 2)).toHaveLength(50);
    expect(irisLabels).toEqual([...Array<number>(50).fill(0), ...Array<number>(50).fill(1), ...Array<number>(50).fill(2)]);
  });

  test("have scikit-learn's column sums (876.5, 458.6, 563.7, 179.9 cm)", () => {
    expect(columnSumsInTenths(irisFeatures)).toEqual([8765, 4586, 5637, 1799]);
  });

  test("carry scikit-learn's corrections of the UCI errata in rows 35 and 38", () => {
    // UCI iris.data has 4.9,3.1,1.5,0.1 in both rows.
    expect(irisFeatures[34]).toEqual([4.9, 3.1, 1.5, 0.2]);
    expect(irisFeatures[37]).toEqual([4.9, 3.6, 1.4, 0.1]);
  });

  test('equal the CSV, row for row', () => {
    const { rows } = parseCsv(csvText);
    expect(irisFeatures.map((row) => [...row])).toEqual(rows.map((row) => row.features));
    expect(irisLabels.map((label) => IRIS_CLASS_NAMES[label])).toEqual(rows.map((row) => row.species));
  });

  test('src/iris.ts is exactly what scripts/generate-iris-ts.mjs generates from the CSV', () => {
    // Exits non-zero (and execFileSync throws) when the committed file is stale.
    const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(output).toContain('matches');
  });
});
