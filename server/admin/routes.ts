// /api/admin: owner analytics. An owner sees their own lots; an admin sees every lot (or one owner's with
// ?owner_id). Customers are refused. Money is integer cents.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { bookings, parkingSpots, reviews, users } from '../../db/central/schema';
import { AdminBooking, AdminBookingQuery, AdminReview, AdminReviewQuery, Dashboard, Revenue, RevenueQuery, AdminScope } from '../../src/shared/api/admin';
import { ErrorBody, page } from '../../src/shared/api/common';
import { actorOf, requireActor, requireRole } from '../auth/authenticate';
import type { Actor } from '../auth/tokens';
import { toBooking } from '../bookings/mapper';
import type { Executor } from '../db';
import { badRequest, forbidden, notFound } from '../errors';
import { imagesFor } from '../reviews/repository';
import { toReview } from '../reviews/service';
import { findLot } from '../spots/repository';
import { dashboard, revenue, type LotScope } from './repository';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['admin'];
const DAY_MS = 86_400_000;

async function scopeOf(db: Executor, actor: Actor, q: { owner_id?: string | undefined; spot_id?: string | undefined }): Promise<LotScope> {
  requireRole(actor, 'owner', 'admin');
  if (q.owner_id && actor.user_type !== 'admin' && q.owner_id !== actor.id) throw forbidden("only an admin sees another owner's lots");
  const ownerId = actor.user_type === 'admin' ? (q.owner_id ?? null) : actor.id;
  if (q.spot_id) {
    const lot = await findLot(db, q.spot_id);
    if (!lot || (ownerId && lot.ownerId !== ownerId)) throw notFound('lot');
  }
  return { ownerId, spotId: q.spot_id ?? null };
}

/** The lots in scope, as a SQL condition on parking_spots. */
function lotsIn(scope: LotScope): SQL | undefined {
  return and(scope.ownerId ? eq(parkingSpots.ownerId, scope.ownerId) : undefined, scope.spotId ? eq(parkingSpots.id, scope.spotId) : undefined);
}

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  app.addHook('onRequest', requireActor);

  app.get('/dashboard', { schema: { tags, querystring: AdminScope, response: { 200: Dashboard, ...errors } } }, async (request) =>
    dashboard(db(), await scopeOf(db(), actorOf(request), request.query)),
  );

  app.get('/bookings', { schema: { tags, querystring: AdminBookingQuery, response: { 200: page(AdminBooking), ...errors } } }, async (request) => {
    const q = request.query;
    const scope = await scopeOf(db(), actorOf(request), q);
    const where = and(
      lotsIn(scope),
      q.status ? eq(bookings.status, q.status) : undefined,
      q.from ? gte(bookings.startTime, new Date(q.from)) : undefined,
      q.to ? lte(bookings.startTime, new Date(q.to)) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db()
        .select({ booking: bookings, lotName: parkingSpots.name })
        .from(bookings)
        .innerJoin(parkingSpots, eq(parkingSpots.id, bookings.spotId))
        .where(where)
        .orderBy(desc(bookings.startTime), bookings.id)
        .limit(q.limit)
        .offset((q.page - 1) * q.limit),
      db().select({ n: count() }).from(bookings).innerJoin(parkingSpots, eq(parkingSpots.id, bookings.spotId)).where(where),
    ]);
    return { items: rows.map((r) => ({ ...toBooking(r.booking), lot_name: r.lotName })), page: q.page, limit: q.limit, total: total?.n ?? 0 };
  });

  app.get('/reviews', { schema: { tags, querystring: AdminReviewQuery, response: { 200: page(AdminReview), ...errors } } }, async (request) => {
    const q = request.query;
    const actor = actorOf(request);
    const scope = await scopeOf(db(), actor, q);
    const where = and(lotsIn(scope), q.max_rating ? lte(reviews.rating, q.max_rating) : undefined);
    const [rows, [total]] = await Promise.all([
      db()
        .select({ review: reviews, userName: users.name, lotName: parkingSpots.name })
        .from(reviews)
        .innerJoin(parkingSpots, eq(parkingSpots.id, reviews.spotId))
        .innerJoin(users, eq(users.id, reviews.userId))
        .where(where)
        .orderBy(desc(reviews.createdAt), reviews.id)
        .limit(q.limit)
        .offset((q.page - 1) * q.limit),
      db().select({ n: count() }).from(reviews).innerJoin(parkingSpots, eq(parkingSpots.id, reviews.spotId)).where(where),
    ]);
    const images = await imagesFor(db(), rows.map((r) => r.review.id));
    return {
      items: rows.map((r) => ({ ...toReview({ ...r.review, userName: r.userName }, images.get(r.review.id) ?? [], actor), lot_name: r.lotName })),
      page: q.page,
      limit: q.limit,
      total: total?.n ?? 0,
    };
  });

  app.get('/revenue', { schema: { tags, querystring: RevenueQuery, response: { 200: Revenue, ...errors } } }, async (request) => {
    const q = request.query;
    const scope = await scopeOf(db(), actorOf(request), q);
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) throw badRequest('from must not be after to', 'bad_range');
    if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS) throw badRequest('at most 366 days at once', 'range_too_long');
    const byDay = await revenue(db(), scope, from, to);
    const lots = new Map<string, { spot_id: string; lot_name: string; revenue_cents: number; bookings: number }>();
    for (const d of byDay) {
      const l = lots.get(d.spot_id) ?? { spot_id: d.spot_id, lot_name: d.lot_name, revenue_cents: 0, bookings: 0 };
      l.revenue_cents += d.revenue_cents;
      l.bookings += d.bookings;
      lots.set(d.spot_id, l);
    }
    const byLot = [...lots.values()].sort((a, b) => b.revenue_cents - a.revenue_cents || a.lot_name.localeCompare(b.lot_name));
    return { from, to, total_cents: byLot.reduce((s, l) => s + l.revenue_cents, 0), by_lot: byLot, by_day: byDay };
  });
};

