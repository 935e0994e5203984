// A writer that does nothing but commit: one batch of real corpus files (extracted once, so no
// parsing competes for the CPU) re-written in a loop by IndexWriter in a child process. It holds
// the write lock far more of the time than an index run does, so it is the harder case for readers.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CORE_PATH } from './env.mjs';

const CHILD = fileURLToPath(new URL('./commit-loop-child.mjs', import.meta.url));

export async function startCommitLoop(root, batchFiles) {
  const child = fork(CHILD, [CORE_PATH, root, String(batchFiles)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextMessage(child, 'ready');
  return {
    files: ready.files,
    /** Ends the loop after its current commit: { commits, seconds }. */
    async stop() {
      const done = nextMessage(child, 'done');
      child.send('stop');
      const result = await done;
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      return result;
    },
  };
}

/** The child's next message of `type`; rejects if it fails or exits first. */
function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m.type === type) settle(() => resolve(m));
    };
    const onError = (err) => settle(() => reject(err));
    const onExit = (code) => settle(() => reject(new Error(`the commit loop exited early (code ${code})`)));
    const settle = (then) => {
      child.off('message', onMessage).off('error', onError).off('exit', onExit);
      then();
    };
    child.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
