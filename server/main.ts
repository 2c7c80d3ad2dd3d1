/**
 * `npm run server`: reads the configuration, opens the database (migrating it), listens, and shuts down
 * gracefully on SIGINT/SIGTERM (stops accepting, finishes in-flight requests, closes the pool).
 */
import { join } from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db';
import { extrasFromEnv } from './services';
import { devSecrets } from './dev-secrets';

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
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl, poolSize: config.databasePoolSize } : { pgliteDir: join(config.dataDir, 'pg') },
  );
  const app = await buildApp(config, database, { ...(part2.mailer && { mailer: part2.mailer }), extras: part2.extras });
  app.addHook('onClose', async () => database.close());

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      app.close().then(
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
