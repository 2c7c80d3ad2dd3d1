/**
 * Browser-kiosk host: the booth's screens and contract over HTTP on loopback. Used by `npm start` where Electron's
 * runtime is missing, by `npm run booth:web`, and by the end-to-end tests that drive the real UI in Chromium.
 */
import type { AddressInfo } from 'node:net';
import { contract } from '../../shared/contract';
import { createDispatcher } from '../rpc/dispatch';
import { consoleLogger, type HostedBooth, type RpcLogger } from '../rpc/types';
import { buildWebApp } from './app';
import { LOOPBACK_HOSTS } from './guards';

export const DEFAULT_WEB_PORT = 4310;

export interface WebHostOptions {
  booth: HostedBooth;
  /** 0 picks a free port (tests). */
  port?: number;
  rendererDir: string;
  /** Loopback only; anything else is refused. */
  host?: string;
  logger?: RpcLogger;
}

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`The booth web host listens on loopback only (127.0.0.1); refusing "${host}".`);
  }
  const logger = opts.logger ?? consoleLogger;
  const dispatcher = createDispatcher(contract, opts.booth.handlers, opts.booth.sessions, logger);
  let port = opts.port ?? DEFAULT_WEB_PORT;
  const app = await buildWebApp({ contract, dispatcher, events: opts.booth.events, rendererDir: opts.rendererDir, logger, port: () => port });
  await app.listen({ host: host === 'localhost' ? '127.0.0.1' : host, port });
  port = (app.server.address() as AddressInfo).port;
  const shown = host === '::1' ? '[::1]' : '127.0.0.1';
  return { url: `http://${shown}:${port}`, port, close: () => app.close() };
}
