/**
 * Browser-kiosk entry (`npm run booth:web`, and `npm start` where Electron's runtime is missing): the booth core
 * plus the web host on http://127.0.0.1:4310. Point Chromium at it, e.g. `chromium --kiosk <url>`.
 */
import { openBooth, type Booth } from './booth';
import { rendererDir, resolveDataDir } from './paths';
import { DEFAULT_WEB_PORT, startWebHost } from './web-host';

const port = process.env.PARKPASS_WEB_PORT ? Number(process.env.PARKPASS_WEB_PORT) : DEFAULT_WEB_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PARKPASS_WEB_PORT must be a port number, got "${process.env.PARKPASS_WEB_PORT}"`);
  process.exit(2);
}

function open(): Booth {
  try {
    return openBooth({ dataDir: resolveDataDir(), seedDemo: !process.env.PARKPASS_API_URL });
  } catch (err) {
    // A database newer than the app, an unwritable folder…: say what is wrong in one line, not a stack.
    console.error(`ParkPass Booth cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

const booth = open();
const host = await startWebHost({ booth, port, rendererDir: rendererDir() });
console.log(`ParkPass Booth (browser-kiosk mode) on ${host.url}  — data in ${booth.dbFile}`);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing the booth`);
  await host.close();
  booth.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
