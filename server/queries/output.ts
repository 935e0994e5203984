// How a command prints for a script: JSON on stdout, the same from the CLI and from a served query.
import { processIo, type CliIo } from './cli-io.js';

export function printJson(value: unknown, io: CliIo = processIo): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
