// A real booth (demo seeded, temp data folder) served by the real web host, for host and end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBooth, type Booth, type Logger } from '../../src/main/booth';
import { startWebHost, type WebHost } from '../../src/main/web-host';

export const quiet: Logger = { info: () => undefined, warn: () => undefined };

export interface ServedBooth {
  booth: Booth;
  /** Moves the booth's clock forward (overstays, expiry) — the booth reads time only through it. */
  advance(ms: number): void;
  host: WebHost;
  dataDir: string;
  stop(): Promise<void>;
}

export async function serveDemoBooth(rendererDir = join(process.cwd(), 'out', 'renderer')): Promise<ServedBooth> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-booth-'));
  let offset = 0;
  const booth = openBooth({ dataDir, seedDemo: true, logger: quiet, now: () => Date.now() + offset });
  const host = await startWebHost({ booth, port: 0, rendererDir, logger: { warn: () => undefined, error: (o, m) => console.error(m, o) } });
  return {
    booth,
    advance: (ms) => void (offset += ms),
    host,
    dataDir,
    async stop() {
      await host.close();
      booth.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
