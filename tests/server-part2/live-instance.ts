// One API process's live stack for tests: its own pg pool, its own LISTEN connection and hub,
// served by a Fastify instance on a real port. Tokens are real HS256 JWTs checked with jose.
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { SignJWT, jwtVerify } from 'jose';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { LiveHub, liveRoutes, pgNotificationSource, type LiveUser } from '../../server/live/index';

const secret = new TextEncoder().encode('live-test-secret-0123456789abcdef');

export const tokenFor = (user: LiveUser): Promise<string> =>
  new SignJWT({ role: user.role }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setExpirationTime('5m').sign(secret);

async function authenticate(token: string): Promise<LiveUser | null> {
  try {
    const { payload } = await jwtVerify(token, secret);
    return payload.sub ? { id: payload.sub, role: String(payload.role) } : null;
  } catch {
    return null;
  }
}

export interface LiveInstance {
  url: string;
  pool: pg.Pool;
  hub: LiveHub;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startLiveInstance(databaseUrl: string, lots: ReadonlySet<string>): Promise<LiveInstance> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const hub = new LiveHub(pool, pgNotificationSource(databaseUrl, { warn: () => undefined }, 200), (err) => app.log.error(err));
  await hub.start();
  await app.register(liveRoutes, { hub, authenticate, lotExists: async (id: string) => lots.has(id) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    pool,
    hub,
    app,
    async close() {
      await app.close();
      await hub.stop();
      await pool.end();
    },
  };
}
