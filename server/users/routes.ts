import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { userSettings } from '../../db/central/schema';
import { ErrorBody } from '../../src/shared/api/common';
import { ProfileUpdate, Settings, SettingsUpdate, User } from '../../src/shared/api/users';
import { actorOf, requireActor } from '../auth/authenticate';
import { refuseEmptyUpdate } from '../auth/update-guard';
import { notFound } from '../errors';
import { toUser } from './mapper';
import * as repo from './repository';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

function toSettings(row: typeof userSettings.$inferSelect): Settings {
  return {
    theme: row.theme,
    language: row.language,
    booking_reminders: row.bookingReminders,
    email_notifications: row.emailNotifications,
    push_notifications: row.pushNotifications,
    promotions: row.promotions,
    system_updates: row.systemUpdates,
  };
}

/** /api/users: the signed-in user's own profile and settings (there is no :id, so no one else's). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('onRequest', requireActor);

  app.get('/profile', { schema: { response: { 200: User, ...errors } } }, async (request) => {
    const user = await repo.findUser(db(), actorOf(request).id);
    if (!user) throw notFound('user');
    return toUser(user);
  });

  app.put('/profile', { ...refuseEmptyUpdate(ProfileUpdate), schema: { body: ProfileUpdate, response: { 200: User, ...errors } } }, async (request) => {
    const b = request.body;
    const user = await repo.updateUser(db(), actorOf(request).id, {
      ...(b.name !== undefined && { name: b.name }),
      ...(b.phone !== undefined && { phone: b.phone }),
      ...(b.profile_image_url !== undefined && { profileImageUrl: b.profile_image_url }),
    });
    if (!user) throw notFound('user');
    return toUser(user);
  });

  app.get('/settings', { schema: { response: { 200: Settings, ...errors } } }, async (request) =>
    toSettings(await repo.getSettings(db(), actorOf(request).id)),
  );

  app.put('/settings', { ...refuseEmptyUpdate(SettingsUpdate), schema: { body: SettingsUpdate, response: { 200: Settings, ...errors } } }, async (request) => {
    const b = request.body;
    const row = await repo.updateSettings(db(), actorOf(request).id, {
      ...(b.theme !== undefined && { theme: b.theme }),
      ...(b.language !== undefined && { language: b.language }),
      ...(b.booking_reminders !== undefined && { bookingReminders: b.booking_reminders }),
      ...(b.email_notifications !== undefined && { emailNotifications: b.email_notifications }),
      ...(b.push_notifications !== undefined && { pushNotifications: b.push_notifications }),
      ...(b.promotions !== undefined && { promotions: b.promotions }),
      ...(b.system_updates !== undefined && { systemUpdates: b.system_updates }),
    });
    return toSettings(row);
  });
};
