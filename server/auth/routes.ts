import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../src/shared/api/common';
import { ForgotPasswordBody, LoginBody, RefreshBody, RegisterBody, ResetPasswordBody, TokenPair } from '../../src/shared/api/users';
import { AuthService } from './service';

const meta = (request: FastifyRequest) => ({ ip: request.ip || null, userAgent: request.headers['user-agent'] ?? null });
const errors = { 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** /api/auth: every route here takes credentials, so every route is rate-limited per client address. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const auth = new AuthService(app.ctx, app.sessionGate);
  const config = { rateLimit: { max: app.ctx.config.rateLimits.auth, timeWindow: 60_000 } };

  app.post('/register', { config, schema: { body: RegisterBody, response: { 201: TokenPair, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await auth.register(request.body, meta(request))),
  );
  app.post('/login', { config, schema: { body: LoginBody, response: { 200: TokenPair, ...errors } } }, async (request) =>
    auth.login(request.body.email, request.body.password, meta(request)),
  );
  app.post('/refresh', { config, schema: { body: RefreshBody, response: { 200: TokenPair, ...errors } } }, async (request) =>
    auth.refresh(request.body.refresh_token, meta(request)),
  );
  app.post('/logout', { config, schema: { body: RefreshBody, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await auth.logout(request.body.refresh_token);
    return reply.status(204).send(null);
  });
  app.post(
    '/forgot-password',
    { config, schema: { body: ForgotPasswordBody, response: { 202: z.object({ status: z.literal('sent_if_registered') }), ...errors } } },
    async (request, reply) => {
      await auth.forgotPassword(request.body.email);
      return reply.status(202).send({ status: 'sent_if_registered' as const });
    },
  );
  app.post('/reset-password', { config, schema: { body: ResetPasswordBody, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await auth.resetPassword(request.body.token, request.body.password);
    return reply.status(204).send(null);
  });
};
