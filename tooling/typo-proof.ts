import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';

// The typo-proof property of issue 8, shared by every package's options.property.test.ts: for each function taking
// an options object, (1) a random unknown key is refused with an UnknownOptionError naming it, (2) a one-edit typo of
// a valid key is refused suggesting that key, (3) every valid key is accepted. `factory` ties the key list to the
// options type at compile time; the run-time check compares it with the list the function itself reports.
// The error is recognised by its stable code and name rather than by class: tooling/ is type-checked with every
// package, some of which do not depend on @anneal/core.

/** The fields of @anneal/core's UnknownOptionError this check reads. */
interface UnknownOptionError {
  readonly name: string;
  readonly code: string;
  readonly option: string;
  readonly suggestion: string | undefined;
  readonly validOptions: readonly string[];
  readonly message: string;
}

function expectUnknownOption(error: unknown): UnknownOptionError {
  expect((error as Partial<UnknownOptionError> | undefined)?.code).toBe('ANNEAL_UNKNOWN_OPTION');
  expect((error as Partial<UnknownOptionError>).name).toBe('UnknownOptionError');
  return error as UnknownOptionError;
}

/** A function taking one options object, with a valid value for each key. */
export interface Factory {
  readonly name: string;
  readonly keys: readonly string[];
  /** The smallest valid options: the required keys only. */
  readonly base: Readonly<Record<string, unknown>>;
  /** A valid value for every key. */
  readonly valid: Readonly<Record<string, unknown>>;
  readonly call: (options: Readonly<Record<string, unknown>>) => unknown;
}

/** `keys` must list exactly the keys of `Options` (the compiler refuses a missing or an extra one). */
export function factory<Options extends object>(
  name: string,
  keys: { readonly [Key in keyof Required<Options>]: true },
  base: Options,
  valid: Required<Options>,
  call: (options: Options) => unknown,
): Factory {
  return { name, keys: Object.keys(keys), base: base as Factory['base'], valid: valid as Factory['valid'], call: call as Factory['call'] };
}

/** What `run` threw (or rejected with); `undefined` when it succeeded. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Case-insensitive optimal string alignment distance: the measure the suggestion is chosen by. */
function distance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((table[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

/** Any string that is not a valid key. */
const unknownKey = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc.string({ minLength: 1, maxLength: 16 }).filter((key) => !valid.includes(key) && key !== '__proto__');

const ALPHABET = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'];

/** A valid key mutated by one edit (delete, insert, substitute, swap two neighbours), with the key it came from. */
const oneEditTypo = (valid: readonly string[]): fc.Arbitrary<{ readonly typo: string; readonly original: string }> =>
  fc
    .record({ original: fc.constantFrom(...valid), edit: fc.constantFrom('delete', 'insert', 'substitute', 'swap'), at: fc.nat(), letter: fc.constantFrom(...ALPHABET) })
    .map(({ original, edit, at, letter }) => {
      const i = at % (original.length + (edit === 'insert' ? 1 : 0));
      const typo =
        edit === 'delete'
          ? original.slice(0, i) + original.slice(i + 1)
          : edit === 'insert'
            ? original.slice(0, i) + letter + original.slice(i)
            : edit === 'substitute'
              ? original.slice(0, i) + letter + original.slice(i + 1)
              : i + 1 < original.length
                ? original.slice(0, i) + (original[i + 1] as string) + (original[i] as string) + original.slice(i + 2)
                : original;
      return { typo, original };
    })
    // A typo as close to another valid key as to its own may fairly be suggested that one: keep the unambiguous ones.
    .filter(({ typo, original }) => typo !== '' && !valid.includes(typo) && valid.every((key) => key === original || distance(typo, key) > distance(typo, original)));

/** Property 1 and 2 for each factory. */
export function typoProof(factories: readonly Factory[], numRuns?: number): void {
  const parameters = numRuns === undefined ? {} : { numRuns };
  for (const f of factories) {
    describe(f.name, () => {
      test.prop([unknownKey(f.keys)], parameters)('a random unknown key is refused by name', async (key) => {
        const error = expectUnknownOption(await failure(() => f.call({ ...f.base, [key]: 1 })));
        expect(error.option).toBe(key);
        // The function's own key list is the one the test (and the options type) declares.
        expect([...error.validOptions].sort()).toEqual([...f.keys].sort());
      });
      test.prop([oneEditTypo(f.keys)], parameters)('a one-edit typo of a key is refused, suggesting that key', async ({ typo, original }) => {
        const error = expectUnknownOption(await failure(() => f.call({ ...f.base, [typo]: f.valid[original] })));
        expect(error.option).toBe(typo);
        expect(error.suggestion).toBe(original);
        expect(error.message).toContain(`did you mean '${original}'?`);
      });
      test.prop([fc.subarray([...f.keys])], parameters)('every valid key is accepted', async (keys) => {
        const options = { ...f.base, ...Object.fromEntries(keys.map((key) => [key, f.valid[key]])) };
        expect(await failure(() => f.call(options))).toBeUndefined();
      });
    });
  }
}
