// The reference call graph for bench/callgraph.mjs: the TypeScript compiler's own language service
// over a folder of .ts sources, asked findReferences at a definition's name; the references that are
// the callee of a call or `new` are that definition's call sites.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A language service over every .ts file under `root` (its own .d.ts files included). */
export function createReferenceService(ts, root) {
  const files = listTs(root);
  const texts = new Map();
  const read = (file) => {
    if (!texts.has(file)) texts.set(file, readFileSync(file, 'utf8'));
    return texts.get(file);
  };
  const options = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: false,
    skipLibCheck: true,
    noEmit: true,
    experimentalDecorators: true,
  };
  const host = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      try {
        return ts.ScriptSnapshot.fromString(read(file));
      } catch {
        return undefined;
      }
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const program = service.getProgram();

  /** Call sites (`path:line:col`, 1-based line, 0-based UTF-16 column) of the definition named at (line, col) of `path`. */
  function callSitesOf(path, line, col) {
    const file = join(root, path);
    const source = program.getSourceFile(file);
    if (!source) return null;
    const position = source.getPositionOfLineAndCharacter(line - 1, col);
    const found = service.findReferences(file, position) ?? [];
    const sites = new Set();
    for (const symbol of found) {
      for (const ref of symbol.references) {
        if (ref.isDefinition || !ref.fileName.startsWith(root) || ref.fileName.endsWith('.d.ts')) continue;
        const refSource = program.getSourceFile(ref.fileName);
        if (!refSource || !isCallee(ts, refSource, ref.textSpan.start)) continue;
        const at = refSource.getLineAndCharacterOfPosition(ref.textSpan.start);
        sites.add(`${toPosix(relative(root, ref.fileName))}:${at.line + 1}:${at.character}`);
      }
    }
    return sites;
  }

  return { files: files.length, callSitesOf };
}

/** Whether the identifier at `position` is what a call or `new` calls: `f()`, `a.f()`, `new F()`. */
function isCallee(ts, source, position) {
  const node = identifierAt(ts, source, position);
  if (!node) return false;
  let callee = node;
  if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) callee = node.parent;
  const call = callee.parent;
  return (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression === callee;
}

function identifierAt(ts, source, position) {
  let found;
  const visit = (node) => {
    if (position < node.getStart(source) || position >= node.getEnd()) return;
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && node.getStart(source) === position) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function listTs(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) out.push(path);
    }
  };
  walk(root);
  return out;
}

function toPosix(path) {
  return path.split(sep).join('/');
}
