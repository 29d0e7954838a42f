import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

// Stable error codes and their HTTP statuses, in one table. Services throw AppError; the
// handler below turns every error into RFC 9457 problem+json.
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  too_many_requests: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'record') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission for this action') =>
  new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

function codeForStatus(status: number): ErrorCode {
  const found = Object.entries(ERROR_STATUS).find(([, s]) => s === status);
  return (found?.[0] as ErrorCode | undefined) ?? (status >= 500 ? 'internal' : 'bad_request');
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://yilian.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      instance: request.url.split('?')[0],
      ...(errors?.length ? { errors } : {}),
    });
}

/** PostgreSQL errors that a client's input can cause, as 4xx instead of 500. */
export function fromPostgres(err: {
  code?: string;
  detail?: string;
  constraint?: string;
}): AppError | undefined {
  const c = err.code;
  if (!c || !/^[0-9A-Z]{5}$/.test(c)) return undefined;
  if (c === '23505') return conflict('A record with the same name or code already exists');
  if (c === '23503' || c === '23001')
    return conflict('the record is still referenced by other records, or refers to one that does not exist');
  if (c === '23514' || c === '23502')
    return new AppError('validation_failed', 'a value breaks a rule of the record');
  if (c.startsWith('22')) return new AppError('validation_failed', 'a value is out of range or malformed');
  if (c === '40001' || c === '40P01') return conflict('the record changed at the same time; try again');
  return undefined;
}

function validationFields(err: FastifyError & { validation: { instancePath: string; message?: string }[] }) {
  const where = (err as { validationContext?: string }).validationContext;
  return err.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { field: path || where || 'body', message: v.message ?? 'is invalid' };
  });
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError)
    return sendProblem(reply, request, err.status, err.code, err.message, err.errors);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = validationFields(err);
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return sendProblem(reply, request, 400, 'validation_failed', detail, errors);
  }
  if (isResponseSerializationError(err)) {
    request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
    return sendProblem(reply, request, 500, 'internal', 'The server could not form its answer');
  }
  const pgError = fromPostgres(err as never);
  if (pgError) return sendProblem(reply, request, pgError.status, pgError.code, pgError.message);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, body too large ...
    const field =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'body'
        : undefined;
    return sendProblem(
      reply,
      request,
      status,
      codeForStatus(status),
      err.message,
      field ? [{ field, message: err.message }] : undefined,
    );
  }
  request.log.error({ err }, 'unhandled error');
  return sendProblem(reply, request, 500, 'internal', 'An unexpected error occurred');
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over the size limit, a
 * client too slow, bytes that are not HTTP) get problem+json too, written straight to the socket.
 */
export function clientErrorHandler(err: ConnectionError, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are larger than the server accepts']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request did not arrive in time']
        : [400, 'bad_request', 'The request is not well-formed HTTP'];
  const body = JSON.stringify({
    type: `https://yilian.dev/problems/${code}`,
    title: TITLES[status],
    status,
    code,
    detail,
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${TITLES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
