/**
 * The web host's routes: the built renderer, the contract as `POST /rpc/<name>`, its catalogue at `GET /rpc`, and
 * the signed-in session's booth changes at `GET /events`. Transport only — every rule lives in the dispatcher and
 * the booth core.
 */
import { existsSync } from 'node:fs';
import type { EventEmitter } from 'node:events';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ContractErrorBody, ErrorCode } from '../../shared/contract';
import { createChangeFeed } from '../rpc/changes';
import type { AnyContract, Dispatcher } from '../rpc/dispatch';
import type { RpcLogger } from '../rpc/types';
import { catalogOf } from './catalog';
import { createEventRelay } from './events';
import { bearerToken, hostAllowed, originAllowed, safeHeaders } from './guards';
import { httpStatus } from './status';

export interface WebAppOptions {
  contract: AnyContract;
  dispatcher: Dispatcher;
  events: EventEmitter;
  /** out/renderer from `electron-vite build`; when missing, `/` says how to build it. */
  rendererDir: string;
  logger: RpcLogger;
  /** The port actually listened on (known after listen; port 0 in tests). */
  port: () => number;
}

const BODY_LIMIT = 64 * 1024;

function errorBody(code: ErrorCode, message: string): ContractErrorBody {
  return { error: { code, message } };
}

export async function buildWebApp(opts: WebAppOptions): Promise<FastifyInstance> {
  // No request logging: URLs and headers would carry bearer tokens into the log.
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  const relay = createEventRelay(createChangeFeed(opts.events, opts.dispatcher, opts.logger), opts.port);
  app.addHook('preClose', async () => relay.close());

  // Only JSON bodies: HTML forms (urlencoded, multipart, text/plain) cannot send it without a CORS preflight,
  // which we never answer, so a hostile page cannot post to us.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400, code: 'BAD_JSON' }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(safeHeaders(request.url));
    if (!hostAllowed(request.headers.host, opts.port())) {
      return reply.code(403).send(errorBody('forbidden', 'This booth only answers on 127.0.0.1.'));
    }
    if (request.method !== 'GET' && !originAllowed(request.headers.origin, opts.port())) {
      return reply.code(403).send(errorBody('forbidden', 'Cross-origin calls are refused.'));
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      opts.logger.error({ err: err.message, code: err.code }, 'web host error');
      return reply.code(500).send(errorBody('internal', 'Something went wrong in the booth web host.'));
    }
    const message =
      status === 413 ? `The body is larger than ${BODY_LIMIT} bytes.`
      : status === 415 ? 'Send JSON with Content-Type: application/json.'
      : err.code === 'BAD_JSON' ? 'The body is not valid JSON.'
      : 'Bad request.';
    return reply.code(status).send(errorBody('invalid_input', message));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}.`)),
  );

  const catalog = catalogOf(opts.contract);
  app.get('/rpc', async () => ({ entries: catalog }));

  app.post<{ Params: { name: string } }>('/rpc/:name', async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return reply.code(415).send(errorBody('invalid_input', 'Send JSON with Content-Type: application/json.'));
    }
    const result = await opts.dispatcher.dispatch(request.params.name, request.body, bearerToken(request.headers.authorization));
    if (result.ok) return reply.code(200).send(result.output);
    return reply.code(httpStatus[result.error.code]).send({ error: result.error });
  });

  app.get('/events', (request, reply) => relay.attach(request, reply));

  if (existsSync(join(opts.rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', wildcard: true });
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('The booth screens are not built yet: run `npm run build`.'),
    );
  }
  return app;
}
