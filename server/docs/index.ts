// OpenAPI generated from the routes' zod schemas (@fastify/swagger with the zod type provider's transform),
// served at GET /api/docs (JSON, or a plain HTML index for a browser) and /api/docs/openapi.json.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Must run before the routes are registered: the spec is collected as routes are added. */
export async function installDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ParkPass API', version: '1.0.0', description: 'Lots, bookings with passes, payments, reviews, notifications, live events and booth sync.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/docs/openapi.json', { schema: { hide: true } as object }, async () => app.swagger());
  app.get('/api/docs', { schema: { hide: true } as object }, async (request, reply) => {
    const spec = app.swagger() as { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    if (!(request.headers.accept ?? '').includes('text/html')) return spec;
    const rows = Object.entries(spec.paths ?? {}).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `<tr><td>${method.toUpperCase()}</td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td></tr>`),
    );
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>ParkPass API</title><style>body{font:14px system-ui;margin:2em}td{padding:2px 8px}</style>` +
          `<h1>ParkPass API</h1><p>Machine-readable: <a href="/api/docs/openapi.json">openapi.json</a></p><table>${rows.join('')}</table></html>`,
      );
  });
}
