// Preloaded (node --import) by test/runtime/parallel.test.ts and row-split.test.ts: in worker
// threads only, the first job a kernel helper or replica receives ends the thread at once
// (process.exit in a worker ends the thread), as a sudden failure would, outside its own error handling.
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';

if (!workerThreads.isMainThread) {
  const receive = workerThreads.receiveMessageOnPort;
  workerThreads.receiveMessageOnPort = (port) => {
    const received = receive(port);
    if (received) process.exit(70);
    return received;
  };
  syncBuiltinESMExports();
}
