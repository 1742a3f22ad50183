// Loads test/clients/*.ts (the kubectl oracle harness) in plain Node, without a TypeScript
// runner: each file is transpiled with the project's own `typescript` (types erased, nothing
// checked) into node_modules/.cache/sts-clients-js/, and the copy is imported.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');
const srcDir = path.join(repoRoot, 'test', 'clients');
const outDir = path.join(repoRoot, 'node_modules', '.cache', 'sts-clients-js');

let transpiled = false;

async function transpileAll() {
  if (transpiled) return;
  const ts = (await import('typescript')).default;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}\n');
  for (const file of fs.readdirSync(srcDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const source = fs.readFileSync(path.join(srcDir, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
        sourceMap: false,
      },
    });
    fs.writeFileSync(path.join(outDir, file.replace(/\.ts$/, '.js')), outputText);
  }
  transpiled = true;
}

/** import test/clients/<name>.ts, e.g. loadClient('oracle') */
export async function loadClient(name) {
  await transpileAll();
  return import(pathToFileURL(path.join(outDir, `${name}.js`)).href);
}
