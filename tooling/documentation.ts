import { dirname, join } from 'node:path';
import ts from 'typescript';

/** The compiler options the package is built with, so the test sees the same module graph as `tsc`. */
function buildOptions(root: string): ts.CompilerOptions {
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

function exportedSymbols(root: string, entry: string): { program: ts.Program; exports: { name: string; symbol: ts.Symbol }[] } {
  const program = ts.createProgram({ rootNames: [entry], options: buildOptions(root) });
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

/** What the documentation check found in one package's public entry. */
export interface DocumentationReport {
  /** Compiler errors of the entry: the export list is trustworthy only when there are none. */
  readonly diagnostics: readonly string[];
  readonly exportCount: number;
  /** One line per export lacking a description or an `@example`. */
  readonly offenders: readonly string[];
}

/**
 * Checks that every export of `<root>/src/index.ts` has TSDoc with a description and an `@example`, compiling with
 * the package's own tsconfig.build.json so the export list is the one users get.
 */
export function checkDocumentation(root: string): DocumentationReport {
  const entry = join(root, 'src', 'index.ts');
  const { program, exports } = exportedSymbols(root, entry);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
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
  return { diagnostics, exportCount: exports.length, offenders };
}
