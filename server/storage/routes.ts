// GET /api/images/<key>: serves stored images with long-lived caching (a key's bytes never change),
// ETag revalidation, and headers that stop a browser from treating the bytes as anything but an image.
import type { FastifyInstance } from 'fastify';
import { KEY_PATTERN, type Storage, storeFailed } from './storage';

export interface ImageServeOptions {
  storage: Storage;
}

export async function imageServeRoutes(app: FastifyInstance, opts: ImageServeOptions): Promise<void> {
  app.get('/api/images/*', { schema: { tags: ['images'], summary: 'A stored lot or review image' } }, async (req, reply) => {
    const key = (req.params as { '*': string })['*'];
    const object = KEY_PATTERN.test(key) ? await opts.storage.get(key).catch((err: unknown) => Promise.reject(storeFailed(err))) : null;
    if (!object) return reply.code(404).send({ error: { code: 'not_found', message: 'image not found' } });
    void reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', object.etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'");
    if (req.headers['if-none-match'] === object.etag) return reply.code(304).send();
    return reply.type(object.contentType).send(object.body);
  });
}
