// Start-up when PostgreSQL is not there yet (booting host, containers starting together, a failover): the API
// process (`tsx server/main.ts`, as `npm run server` starts it) waits for it and then serves; when it never
// comes, the process stops with a message naming the server and not its password.
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEnv, freePort, spawnApi } from '../helpers/api-process';
import { postgresAvailable } from '../helpers/pg';
import { createTestDatabase, type TestDatabase } from './pg';

/** A TCP forwarder to the real PostgreSQL, opened late: PostgreSQL "starting" on `port`. */
function forwarder(port: number, to: URL): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(to.port || 5432), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe.runIf(postgresAvailable())('API start-up before its database', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase('ppstart');
    dataDir = mkdtempSync(join(tmpdir(), 'pp-start-'));
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  const startApi = (databaseUrl: string, connectTimeout: string) =>
    spawnApi(apiEnv({ DATABASE_URL: databaseUrl, DATABASE_CONNECT_TIMEOUT: connectTimeout, PARKPASS_DATA_DIR: dataDir }));

  it('waits for PostgreSQL to come up, then migrates and serves', async () => {
    const port = await freePort();
    const url = new URL(db.url);
    const late = new URL(db.url);
    late.port = String(port);
    const api = startApi(late.toString(), '60s');
    let forward: Server | null = null;
    try {
      // Nothing listens yet: the API must say it waits, not crash.
      await api.printed(`waiting for the database at 127.0.0.1:${port}/${db.name}`);
      forward = await forwarder(port, url);
      const base = await api.listening();
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
      await new Promise((r) => forward?.close(r) ?? r(undefined));
    }
  }, 60_000);

  it('stops after DATABASE_CONNECT_TIMEOUT with a message naming the server, never its password', async () => {
    const port = await freePort();
    const api = startApi(`postgres://parkpass:pa55-s3cret@127.0.0.1:${port}/parkpass`, '1s');
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain(`cannot reach the database at 127.0.0.1:${port}/parkpass (ECONNREFUSED) after 1 s`);
    expect(api.output()).not.toContain('pa55-s3cret');
    expect(api.output()).not.toMatch(/^\s+at /m); // a message, not a stack trace
  }, 30_000);

  it('stops at once when the server refuses the connection (no such database), saying why', async () => {
    const url = new URL(db.url);
    url.pathname = '/parkpass_no_such_database';
    const api = startApi(url.toString(), '60s');
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain(`the database at 127.0.0.1:${url.port || 5432}/parkpass_no_such_database refused the connection`);
    expect(api.output()).toContain('does not exist');
  }, 30_000);

  it('waits for a database host that is not in DNS yet (containers starting together), then gives up naming it', async () => {
    const api = startApi('postgres://parkpass@parkpass-db.invalid:5432/parkpass', '1s');
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/waiting for the database at parkpass-db\.invalid:5432\/parkpass \((ENOTFOUND|EAI_AGAIN)\)/);
    expect(api.output()).toContain('cannot reach the database at parkpass-db.invalid:5432/parkpass');
  }, 30_000);
});
