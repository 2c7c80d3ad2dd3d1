/**
 * `npm run server`: reads the configuration, opens the database (migrating it), listens, and shuts down
 * gracefully on SIGINT/SIGTERM (stops accepting, finishes in-flight requests, closes the pool).
 */
import { join } from 'node:path';
import { buildApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { type Database, openDatabase } from './db';
import { FolderInUseError } from './db/folder-lock';
import { databaseUnavailable } from './errors';
import { extrasFromEnv } from './services';
import { devSecrets } from './dev-secrets';

/**
 * PostgreSQL may come up after the API (a host booting, containers starting together, a failover): start-up
 * waits for it up to DATABASE_CONNECT_TIMEOUT, then stops with a message naming the server (never its password).
 */
async function openPostgres(config: Config, url: string): Promise<Database> {
  const { hostname, port, pathname } = new URL(url);
  const where = `${hostname}:${port || 5432}${pathname}`;
  const deadline = Date.now() + config.databaseConnectTimeoutSeconds * 1000;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await openDatabase({
        url,
        poolSize: config.databasePoolSize,
        lockTimeoutMs: config.databaseLockTimeoutSeconds * 1000,
        idleTransactionTimeoutMs: config.databaseIdleTransactionTimeoutSeconds * 1000,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '28P01' || code === '28000' || code === '3D000') {
        // Wrong credentials or no such database: waiting will not help.
        console.error(`ParkPass API: the database at ${where} refused the connection: ${(error as Error).message}`);
        process.exit(1);
      }
      if (!databaseUnavailable(error)) throw error;
      const reason = code ?? (error as Error).message;
      if (Date.now() + delay > deadline) {
        console.error(`ParkPass API: cannot reach the database at ${where} (${reason}) after ${config.databaseConnectTimeoutSeconds} s`);
        process.exit(1);
      }
      console.error(`ParkPass API: waiting for the database at ${where} (${reason}); next try in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The embedded PostgreSQL; a second API process on the same folder stops with a message instead of corrupting it. */
async function openEmbedded(folder: string): Promise<Database> {
  try {
    return await openDatabase({ pgliteDir: folder });
  } catch (error) {
    if (!(error instanceof FolderInUseError)) throw error;
    console.error(`ParkPass API: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  let config;
  let part2;
  try {
    config = loadConfig(process.env, devSecrets);
    part2 = extrasFromEnv(process.env, config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`ParkPass API: bad configuration, ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const database = config.databaseUrl ? await openPostgres(config, config.databaseUrl) : await openEmbedded(join(config.dataDir, 'pg'));
  const app = await buildApp(config, database, { ...(part2.mailer && { mailer: part2.mailer }), extras: part2.extras });

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      // The database last, once every part of the app (listeners, timers, in-flight requests) has let go of it.
      app
        .close()
        .then(() => database.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            app.log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ database: database.kind, env: config.env }, 'ParkPass API ready');
}

await main();
