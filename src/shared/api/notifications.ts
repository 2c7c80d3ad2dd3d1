import { z } from 'zod';
import { InstantOut, PageQuery } from './common';

export const NotificationType = z.enum(['booking', 'payment', 'system', 'promotion']);

export const Notification = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  title: z.string(),
  message: z.string(),
  type: NotificationType,
  is_read: z.boolean(),
  action_url: z.string().nullable(),
  created_at: InstantOut,
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = PageQuery.extend({
  unread_only: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const NotificationPage = z.object({
  items: z.array(Notification),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  unread_count: z.number().int(),
});

export const ReadAllResult = z.object({ updated: z.number().int() });
