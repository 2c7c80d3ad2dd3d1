// One API process's live stack for tests: its own pg pool, its own LISTEN connection and hub,
// served by a Fastify instance on a real port. Tokens are real HS256 JWTs checked with jose.
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT, jwtVerify } from 'jose';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { LiveHub, liveRoutes, notificationSourceFor, type LiveUser } from '../../server/live/index';
import { openDatabase, type Database } from '../../server/db';

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
  database: Database;
  hub: LiveHub;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startLiveInstance(databaseUrl: string, lots: ReadonlySet<string>): Promise<LiveInstance> {
  const database = await openDatabase({ url: databaseUrl, poolSize: 4 });
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const hub = new LiveHub(database.db, notificationSourceFor(database, { warn: () => undefined }), (err) => app.log.error(err));
  await hub.start();
  await app.register(liveRoutes, { hub, authenticate, lotExists: async (id: string) => lots.has(id) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    database,
    hub,
    app,
    async close() {
      await app.close();
      await hub.stop();
      await database.close();
    },
  };
}
