// piscina, the worker-thread pool under the reader pool and the parse threads, required on first use:
// a CLI run that never starts a pool (a search, a status) does not pay the ~20 ms of loading it.
import type { Piscina } from 'piscina';

export function loadPiscina(): typeof Piscina {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('piscina') as typeof import('piscina')).Piscina;
}
