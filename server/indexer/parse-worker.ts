// Entry of the parse worker threads (a piscina pool): extracts files off the main thread.
import { extractFile, type ExtractTask, type ExtractedFile } from './extract-file.js';

export default async function run(tasks: ExtractTask[]): Promise<ExtractedFile[]> {
  const out: ExtractedFile[] = [];
  for (const task of tasks) out.push(await extractFile(task));
  return out;
}
