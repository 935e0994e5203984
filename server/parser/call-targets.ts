// Says, for each call of a file, which definition its syntax provably targets: a definition of an
// enclosing scope, the enclosing class's method for `this.f()`/`self.f()` (its own or a base
// class's), a class's or object's member for `Foo.f()`, or an imported module's name (resolved to a
// file, and base classes followed, at query time).
import type { CallTarget, ExtractedCall, ExtractedImport, ExtractedSymbol, SymbolKindValue } from '../common/extract-types.js';
import { SymbolKind } from '../common/extract-types.js';
import type { LanguageSpec } from './language-spec.js';

/** Definitions whose body is a scope a bare name is looked up in (a class body is not one). */
const SCOPE_KINDS: ReadonlySet<SymbolKindValue> = new Set([
  SymbolKind.Function,
  SymbolKind.Method,
  SymbolKind.Constructor,
  SymbolKind.Namespace,
  SymbolKind.Module,
]);

/** Definitions whose `this`/`self` is their container's instance. */
const INSTANCE_KINDS: ReadonlySet<SymbolKindValue> = new Set([SymbolKind.Method, SymbolKind.Constructor]);

interface FileNames {
  /** Every definition of the file by qualified name (`Outer.inner`), with its kind. */
  kinds: Map<string, SymbolKindValue>;
  bindings: Map<string, { module: string; imported: string }>;
  selfNames: ReadonlySet<string>;
}

/** Sets `target` on every call whose target the file's syntax names; languages without selfNames are left alone. */
export function resolveCallTargets(
  calls: ExtractedCall[],
  symbols: ExtractedSymbol[],
  imports: ExtractedImport[],
  spec: LanguageSpec,
): void {
  if (spec.selfNames === undefined) return;
  const names: FileNames = { kinds: new Map(), bindings: new Map(), selfNames: spec.selfNames };
  for (const s of symbols) {
    const qualified = s.container === null ? s.name : `${s.container}.${s.name}`;
    // The first kind wins: an overload's signature and its body are the same definition.
    if (!names.kinds.has(qualified)) names.kinds.set(qualified, s.kind);
  }
  for (const i of imports) {
    if (i.reexport) continue;
    for (const b of i.bindings ?? []) names.bindings.set(b.local, { module: i.module, imported: b.imported });
  }
  for (const call of calls) call.target = targetOf(call, names);
}

function targetOf(call: ExtractedCall, names: FileNames): CallTarget | null {
  const { callee, caller } = call;
  const qualifier = call.qualifier ?? null;
  if (qualifier === null) {
    const local = inScope(callee, caller, names);
    if (local !== null) return { module: null, container: containerOf(local), name: callee };
    const bound = names.bindings.get(callee);
    return bound === undefined || bound.imported === '*' ? null : { module: bound.module, container: null, name: bound.imported };
  }
  // The class may not define it itself: the query then looks in its base classes (search/call-targets.ts).
  if (names.selfNames.has(qualifier)) {
    const owner = instanceOwner(caller, names);
    return owner === null ? null : { module: null, container: owner, name: callee };
  }
  if (qualifier === '?') return null;
  return qualifiedTarget(qualifier, callee, caller, names);
}

/** `Foo.f()`, `mod.f()`, `a.b.f()`: through a definition in scope, else through an import. */
function qualifiedTarget(qualifier: string, callee: string, caller: string | null, names: FileNames): CallTarget | null {
  const dot = qualifier.indexOf('.');
  const head = dot === -1 ? qualifier : qualifier.slice(0, dot);
  const local = inScope(head, caller, names);
  if (local !== null) {
    const owner = dot === -1 ? local : `${local}${qualifier.slice(dot)}`;
    return { module: null, container: owner, name: callee };
  }
  // `import * as mod; mod.f()`, Python `import os.path; os.path.join()`: the module's own name.
  const whole = names.bindings.get(qualifier);
  if (whole?.imported === '*') return { module: whole.module, container: null, name: callee };
  const bound = names.bindings.get(head);
  if (bound === undefined || bound.imported === '*' || bound.imported === 'default') return null;
  // `import { Foo } from './foo'; Foo.f()` or `Foo.Inner.f()`: Foo's member in that module.
  const container = dot === -1 ? bound.imported : `${bound.imported}${qualifier.slice(dot)}`;
  return { module: bound.module, container, name: callee };
}

/**
 * The definition `name` refers to from inside `caller`: the innermost function or namespace around
 * the call (the caller itself first) that defines it, else the top level. Class bodies are passed
 * over: a method is not in scope by its bare name.
 */
function inScope(name: string, caller: string | null, names: FileNames): string | null {
  for (let scope = caller; scope !== null; scope = containerOf(scope)) {
    const kind = names.kinds.get(scope);
    if (kind === undefined || !SCOPE_KINDS.has(kind)) continue;
    const qualified = `${scope}.${name}`;
    if (names.kinds.has(qualified)) return qualified;
  }
  return names.kinds.has(name) ? name : null;
}

/** The class whose instance `this`/`self` is inside `caller`: the container of the nearest method. */
function instanceOwner(caller: string | null, names: FileNames): string | null {
  for (let scope = caller; scope !== null; scope = containerOf(scope)) {
    const kind = names.kinds.get(scope);
    if (kind !== undefined && INSTANCE_KINDS.has(kind)) return containerOf(scope);
  }
  return null;
}

function containerOf(qualified: string): string | null {
  const dot = qualified.lastIndexOf('.');
  return dot === -1 ? null : qualified.slice(0, dot);
}
