import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, IdParams } from '../../src/shared/api/common';
import { Notification, NotificationListQuery, NotificationPage, ReadAllResult } from '../../src/shared/api/notifications';
import { actorOf, requireActor } from '../auth/authenticate';
import { notFound } from '../errors';
import * as repo from './repository';
import { toNotification } from './notifier';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

/** /api/notifications: the signed-in user's own notifications only. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('onRequest', requireActor);

  app.get('/', { schema: { tags: ['notifications'], querystring: NotificationListQuery, response: { 200: NotificationPage, ...errors } } }, async (request) => {
    const { page, limit, unread_only } = request.query;
    const { items, total, unread } = await repo.listNotifications(db(), actorOf(request).id, unread_only, limit, (page - 1) * limit);
    return { items: items.map(toNotification), page, limit, total, unread_count: unread };
  });

  app.put('/read-all', { schema: { tags: ['notifications'], response: { 200: ReadAllResult, ...errors } } }, async (request) => ({
    updated: await repo.markAllRead(db(), actorOf(request).id),
  }));

  app.put('/:id/read', { schema: { tags: ['notifications'], params: IdParams, response: { 200: Notification, ...errors } } }, async (request) => {
    const row = await repo.markRead(db(), actorOf(request).id, request.params.id);
    if (!row) throw notFound('notification');
    return toNotification(row);
  });
};
