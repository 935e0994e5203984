// Entry of the parse worker threads (a piscina pool): prepares files off the main thread.
import { prepareFile, type PrepareTask, type PreparedFile } from './prepare-file.js';

export default async function run(tasks: PrepareTask[]): Promise<PreparedFile[]> {
  const out: PreparedFile[] = [];
  for (const task of tasks) out.push(await prepareFile(task));
  return out;
}
