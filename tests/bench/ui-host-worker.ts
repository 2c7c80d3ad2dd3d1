// The booth and its web host for the UI bench, in a worker thread: the server gets its own event loop, so the
// figures are not slowed by the Playwright driver sharing the bench's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { serveDemoBooth } from '../hosts/booth-host';

const served = await serveDemoBooth(workerData.rendererDir as string);
// When each bay change was committed (wall clock): change events are emitted right after COMMIT.
const commits = new Map<string, number>();
served.booth.events.on('change', (e: { kind: string; bay_id?: string | null }) => {
  if (e.kind === 'bay' && e.bay_id && !commits.has(e.bay_id)) commits.set(e.bay_id, performance.timeOrigin + performance.now());
});
parentPort!.on('message', async (msg: { trust?: string; commits?: boolean; stop?: boolean }) => {
  if (msg.trust) parentPort!.postMessage({ trusted: served.booth.trustPassKey(msg.trust, 'server') });
  if (msg.commits) parentPort!.postMessage({ commits: [...commits] });
  if (msg.stop) {
    await served.stop();
    parentPort!.postMessage({ stopped: true });
  }
});
parentPort!.postMessage({ url: served.host.url });
