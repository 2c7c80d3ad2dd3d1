// Live events: a LISTEN/NOTIFY hub per process, served over WebSocket (/api/live) and SSE (/api/live/events).
import type { FastifyInstance } from 'fastify';
import { liveWebSocketRoutes } from './ws-routes';
import { liveSseRoutes } from './sse-routes';
import type { LiveDeps } from './deps';

export async function liveRoutes(app: FastifyInstance, deps: LiveDeps): Promise<void> {
  await liveWebSocketRoutes(app, deps);
  await liveSseRoutes(app, deps);
}

export { LiveHub, HistoryGoneError, type Subscription } from './hub';
export { notificationSourceFor, type NotificationSource } from './listener';
export { appendEvent, appendEvents, pruneEvents, LIVE_CHANNEL, type NewEvent } from './store';
export type { Wake } from './wake';
export { lotTopic, userTopic, type LiveUser } from './policy';
export type { LiveDeps } from './deps';
