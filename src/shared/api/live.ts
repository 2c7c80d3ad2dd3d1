// The live event protocol (WebSocket /api/live and server-sent events /api/live/events), shared by
// the API and its clients (customer apps, booths). Topics: "user:<id>" (that user's notifications
// and bookings; "user:me" for one's own) and "lot:<id>" (a lot's availability, public facts only).
import { z } from 'zod';

/** Event ids are decimal strings of a PostgreSQL bigserial: ordered, and safe past 2^53. */
export const LiveEventId = z.string().regex(/^\d{1,19}$/, 'an event id is a decimal number');
export type LiveEventId = z.infer<typeof LiveEventId>;

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const LiveTopic = z.string().regex(new RegExp(`^(user:(me|${uuid})|lot:${uuid})$`), 'a topic is user:<id>, user:me or lot:<id>');
export type LiveTopic = z.infer<typeof LiveTopic>;

export const LiveTopics = z.array(LiveTopic).min(1).max(50);

export const LiveClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('subscribe'), topics: LiveTopics, last_event_id: LiveEventId.optional() }),
  z.object({ type: z.literal('unsubscribe'), topics: LiveTopics }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;

export const LiveEvent = z.object({
  id: LiveEventId,
  topic: z.string(),
  /** What happened, e.g. "availability", "notification", "booking". */
  kind: z.string(),
  data: z.unknown(),
  at: z.string(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

export const LiveErrorCode = z.enum(['unauthenticated', 'forbidden', 'bad_message', 'too_slow', 'history_gone']);
export type LiveErrorCode = z.infer<typeof LiveErrorCode>;

export const LiveServerMessage = z.discriminatedUnion('type', [
  /** After auth: who the socket acts for. */
  z.object({ type: z.literal('authenticated'), user_id: z.string() }),
  /** After subscribe: replay is done; `last_event_id` is where a reconnect should resume from. */
  z.object({ type: z.literal('subscribed'), topics: z.array(z.string()), last_event_id: LiveEventId }),
  z.object({ type: z.literal('event'), event: LiveEvent }),
  z.object({ type: z.literal('error'), code: LiveErrorCode, message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type LiveServerMessage = z.infer<typeof LiveServerMessage>;
