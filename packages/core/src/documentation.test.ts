import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'src', 'index.ts');

/** The compiler options the package is built with, so the test sees the same module graph as `tsc`. */
function buildOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  return { ...parsed.options, noEmit: true };
}

/** What is missing from the TSDoc of one declaration, or `[]` when it is complete. */
function missingDocs(declaration: ts.Declaration): string[] {
  // JSDoc on `export const x = ...` sits on the variable statement; getJSDocCommentsAndTags walks up to it.
  const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc);
  const hasText = docs.some((doc) => (ts.getTextOfJSDocComment(doc.comment) ?? '').trim() !== '');
  const hasExample = docs.some((doc) =>
    (doc.tags ?? []).some((tag) => tag.tagName.text === 'example' && (ts.getTextOfJSDocComment(tag.comment) ?? '').trim() !== ''),
  );
  return [...(hasText ? [] : ['a description']), ...(hasExample ? [] : ['an @example'])];
}

function exportedSymbols(): { program: ts.Program; exports: { name: string; symbol: ts.Symbol }[] } {
  const program = ts.createProgram({ rootNames: [entry], options: buildOptions() });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (source === undefined) throw new Error(`${entry} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${entry} is not a module`);
  const exports = checker.getExportsOfModule(moduleSymbol).map((symbol) => ({
    name: symbol.getName(),
    // index.ts only re-exports, so every export is an alias of the declaration in its own file.
    symbol: symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
  }));
  return { program, exports };
}

describe('@anneal/core public API documentation', () => {
  const { program, exports } = exportedSymbols();

  test('index.ts compiles, so the export list below is the real one', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    // A guard against a silently empty export list making the next test pass vacuously.
    expect(exports.length).toBeGreaterThan(50);
  });

  test('every export has TSDoc with a description and an @example', () => {
    const offenders: string[] = [];
    for (const { name, symbol } of exports) {
      const declarations = symbol.getDeclarations() ?? [];
      if (declarations.length === 0) {
        offenders.push(`${name}: no declaration found`);
        continue;
      }
      // Overloads and declaration merging give several declarations; documenting one of them is enough for editors.
      const gaps = declarations.map(missingDocs);
      if (gaps.every((gap) => gap.length > 0)) {
        const declaration = declarations[0] as ts.Declaration;
        const file = declaration.getSourceFile();
        const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
        const where = `${file.fileName.slice(dirname(entry).length + 1)}:${line + 1}`;
        offenders.push(`${name} (${where}) lacks ${(gaps[0] as string[]).join(' and ')}`);
      }
    }
    expect(offenders, `exports missing TSDoc:\n${offenders.join('\n')}`).toEqual([]);
  });
});
