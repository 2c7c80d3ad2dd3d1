// The booth and its web host for the UI bench, in a worker thread: the server gets its own event loop, so the
// figures are not slowed by the Playwright driver sharing the bench's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { serveDemoBooth } from '../hosts/booth-host';

const served = await serveDemoBooth(workerData.rendererDir as string);
parentPort!.on('message', async (msg: { trust?: string; stop?: boolean }) => {
  if (msg.trust) parentPort!.postMessage({ trusted: served.booth.trustPassKey(msg.trust, 'server') });
  if (msg.stop) {
    await served.stop();
    parentPort!.postMessage({ stopped: true });
  }
});
parentPort!.postMessage({ url: served.host.url });
