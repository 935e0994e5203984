// Where a command's output goes: the process's own streams, or buffers that the language server
// sends back to a `code-index` process that asked it (engine/served-queries.ts).

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export function bufferIo(): CliIo & { readonly stdout: string; readonly stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    get stdout() {
      return out.join('');
    },
    get stderr() {
      return err.join('');
    },
  };
}
