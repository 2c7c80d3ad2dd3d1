// The booth and its web host for the UI bench, in a worker thread: the server gets its own event loop, so the
// figures are not slowed by the Playwright driver sharing the bench's main thread.
import { ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { serveDemoBooth } from '../hosts/booth-host';

const served = await serveDemoBooth(workerData.rendererDir as string);
// When each bay change was committed (wall clock): change events are emitted right after COMMIT.
const commits = new Map<string, number>();
served.booth.events.on('change', (e: { kind: string; bay_id?: string | null }) => {
  if (e.kind === 'bay' && e.bay_id && !commits.has(e.bay_id)) commits.set(e.bay_id, performance.timeOrigin + performance.now());
});
// Diagnosis (BENCH_DEBUG): when the web host handed each bay event to its socket, to tell the host's own delay from
// the delivery's.
const written = new Map<string, number>();
if (process.env.BENCH_DEBUG) {
  const write = ServerResponse.prototype.write as (this: ServerResponse, ...args: unknown[]) => boolean;
  ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]) {
    const m = typeof args[0] === 'string' ? /"kind":"bay","lot_id":"[^"]*","bay_id":"([^"]+)"/.exec(args[0]) : null;
    if (m && !written.has(m[1]!)) written.set(m[1]!, performance.timeOrigin + performance.now());
    return write.apply(this, args);
  } as typeof ServerResponse.prototype.write;
}
parentPort!.on('message', async (msg: { trust?: string; commits?: boolean; stop?: boolean }) => {
  if (msg.trust) parentPort!.postMessage({ trusted: served.booth.trustPassKey(msg.trust, 'server') });
  if (msg.commits) parentPort!.postMessage({ commits: [...commits], written: [...written] });
  if (msg.stop) {
    await served.stop();
    parentPort!.postMessage({ stopped: true });
  }
});
parentPort!.postMessage({ url: served.host.url });
