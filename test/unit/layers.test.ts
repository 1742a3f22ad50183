// The shape of src/, checked by a machine (ARCHITECTURE.md, "Layers"): imports point down only
// (type-only and lazy `import()` ones too), no file imports itself back through others, and no
// hand-written file is over 450 lines. Imports are read with TypeScript's own parser.
// Cycles are looked for among static imports: a lazy `import()` is where the command tree
// (cli/registry.ts) hands over to a verb loaded on demand, and a verb may use the tree (help).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Top to bottom; a layer may import its own files and any layer below it. */
const LAYERS = [['cli', 'serve'], ['print'], ['controller'], ['runtime'], ['apiserver'], ['store'], ['api', 'manifest']];
const MAX_LINES = 450;
/** Tables generated from kubectl's own binary (scripts/gen-kubectl-commands.mjs): data, not code to read. */
const GENERATED = /\.generated\.ts$/;

const SRC = join(ROOT, 'src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => f.split('\\').join('/'));
const rank = (file: string) => LAYERS.findIndex((l) => l.includes(file.split('/')[0]));

/** Every relative module a file imports: static, type-only, re-exports and (unless staticOnly) `import()`. */
export function importsOf(file: string, text: string, staticOnly = false): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const specs: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier))
      specs.push(n.moduleSpecifier.text);
    if (
      !staticOnly &&
      ts.isCallExpression(n) &&
      n.expression.kind === ts.SyntaxKind.ImportKeyword &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    )
      specs.push(n.arguments[0].text);
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) specs.push(n.argument.literal.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, '.ts'));
}

const texts = new Map(files.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));
const graph = new Map(files.map((f) => [f, importsOf(f, texts.get(f)!)]));
const staticGraph = new Map(files.map((f) => [f, importsOf(f, texts.get(f)!, true)]));

/** Strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || g.get(v)!.includes(v)) out.push(comp.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) strong(v);
  return out;
}

describe('the layers of src/', () => {
  it('every file is in a known layer', () => {
    expect(files.filter((f) => rank(f) < 0)).toEqual([]);
  });

  it('imports point down (or stay in their layer)', () => {
    const upward: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) if (rank(d) < rank(f)) upward.push(`${f} -> ${d}`);
    expect(upward).toEqual([]);
  });

  it('no import cycles', () => {
    expect(cycles(staticGraph)).toEqual([]);
  });

  it(`no hand-written file is over ${MAX_LINES} lines`, () => {
    const long = files.filter((f) => !GENERATED.test(f)).map((f) => [f, texts.get(f)!.split('\n').length - 1] as const);
    expect(long.filter(([, n]) => n > MAX_LINES)).toEqual([]);
  });

  it('the checker sees every kind of import and finds a cycle', () => {
    const text = `import a from './a.js';\nimport type { B } from '../store/b.js';\nexport * from './c.js';\nconst d = await import('./d.js');\ntype E = import('./e.js').E;\nimport fs from 'node:fs';`;
    expect(importsOf('cli/x.ts', text)).toEqual(['cli/a.ts', 'store/b.ts', 'cli/c.ts', 'cli/d.ts', 'cli/e.ts']);
    expect(importsOf('cli/x.ts', text, true)).toEqual(['cli/a.ts', 'store/b.ts', 'cli/c.ts', 'cli/e.ts']);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
