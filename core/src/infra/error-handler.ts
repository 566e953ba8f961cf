import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors, isKnownError, type Lang, langOf, messageOf } from './errors.js';
import { describeValidation } from './validation.js';

/** The one error shape every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// Fastify's own errors, answered in the platform's words and languages.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_MALFORMED_JSON',
};

/** Details may carry `{zh, en}` messages; the client gets its own language. */
function localise(details: unknown, lang: Lang): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => {
    const message = (d as { message?: unknown })?.message;
    if (message && typeof message === 'object' && lang in message)
      return { ...d, message: (message as Record<Lang, string>)[lang] };
    return d;
  });
}

export function errorBody(code: string, lang: Lang, details?: unknown, fallback?: string): ErrorBody {
  const message = messageOf(code, lang) ?? fallback ?? code;
  return {
    error: details === undefined ? { code, message } : { code, message, details: localise(details, lang) },
  };
}

function toBody(err: FastifyError, lang: Lang): { status: number; body: ErrorBody } {
  if (err.validation) {
    return {
      status: 400,
      body: errorBody(
        'VALIDATION_ERROR',
        lang,
        describeValidation(err.validation as never, err.validationContext ?? 'body'),
      ),
    };
  }
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  if (status >= 500) return { status: 500, body: errorBody(new Errors.INTERNAL().code, lang) };
  const details = (err as { details?: unknown }).details;
  if (isKnownError(err)) return { status, body: errorBody(err.code, lang, details) };
  const mapped = FASTIFY_CODES[err.code];
  if (mapped) return { status, body: errorBody(mapped, lang) };
  return {
    status,
    body: errorBody('VALIDATION_ERROR', lang, [{ in: 'request', path: '/', message: err.message }]),
  };
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const { status, body } = toBody(err, langOf(request.headers['accept-language']));
      if (status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code: body.error.code, status }, 'request refused');
      return reply.status(status).send(body);
    });
  },
  { name: 'error-handler' },
);
