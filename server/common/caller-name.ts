// How the qualified name of a calling definition (`Config.load`, `A::f`, `A#f`) splits into where it
// sits and its own name: the indexer stores the name for `callees`, the queries place the caller.

export interface CallerParts {
  /** `Config` of `Config.load`; null for a bare name. */
  container: string | null;
  /** The last piece: `load`. */
  name: string;
}

export function splitCaller(caller: string): CallerParts {
  const at = Math.max(caller.lastIndexOf('.'), caller.lastIndexOf(':'), caller.lastIndexOf('#'));
  return { container: at > 0 ? caller.slice(0, at) : null, name: at === -1 ? caller : caller.slice(at + 1) };
}
