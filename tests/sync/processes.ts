/**
 * Real processes for the fault tests: the API as `tsx server/main.ts` on a given database and port (so it can be
 * SIGKILLed and started again), and a TCP proxy that can cut connections mid-response.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../server/config';

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the API in a child process on `databaseUrl`, with the same secrets as `config`; resolves once it answers. */
export async function startApiProcess(databaseUrl: string, config: Config, port: number): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      JWT_SECRET: config.jwt.secret,
      JWT_REFRESH_SECRET: config.jwt.refreshSecret,
      PASS_SIGNING_KEY: config.passSigner.toPkcs8(),
      LOG_LEVEL: 'silent',
      PARKPASS_DATA_DIR: mkdtempSync(join(tmpdir(), 'parkpass-api-')),
      AUTH_RATE_LIMIT: '10000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a busy shared machine, compiling the API with tsx alone can take half a minute.
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API process exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`API process did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

export interface Proxy {
  url: string;
  /** Cut the next `n` connections that carry a push, as soon as its answer starts (the API has applied the batch). */
  cutNextPushes(n: number): void;
  cuts: number;
  close(): Promise<void>;
}

/** A TCP proxy to `target` that can drop a connection after its request reached the API, before the answer arrives. */
export async function startProxy(target: URL): Promise<Proxy> {
  let pending = 0;
  const state = { cuts: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let doomed = false;
    client.on('data', (d) => {
      if (pending > 0 && !doomed && d.includes('POST /api/sync/push')) {
        pending--;
        doomed = true;
      }
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (doomed) {
        state.cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cutNextPushes(n) {
      pending = n;
    },
    get cuts() {
      return state.cuts;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
