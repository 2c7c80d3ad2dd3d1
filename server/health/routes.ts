import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** `/health`: the process answers. `/ready`: it can also reach its database (503 if not). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/ready',
    { schema: { response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable') }) } } },
    async (_request, reply) => {
      const { database } = app.ctx;
      if (!(await database.ping())) return reply.status(503).send({ status: 'unavailable' as const });
      return { status: 'ready' as const, database: database.kind };
    },
  );
};
