import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, fromPostgres, type ErrorCode, type FieldError } from '../../errors.js';
import { FHIR_JSON } from './fhir.codes.js';

// Errors under /fhir/R4 are OperationOutcomes, never problem+json: this module alone turns an
// AppError (and Fastify's own client errors) into one. A FieldError's `field` is the FHIRPath of
// the element at fault (the importer names them so); it becomes the issue's expression.

type IssueCode = OperationOutcomeIssue['code'];

const ISSUE_CODE: Record<ErrorCode, IssueCode> = {
  bad_request: 'invalid',
  validation_failed: 'invalid',
  unauthenticated: 'login',
  invalid_credentials: 'login',
  forbidden: 'forbidden',
  not_found: 'not-found',
  conflict: 'conflict',
  payload_too_large: 'too-long',
  unsupported_media_type: 'not-supported',
  account_locked: 'lock-error',
  too_many_requests: 'throttled',
  internal: 'exception',
};

export function issue(
  severity: OperationOutcomeIssue['severity'],
  code: IssueCode,
  text: string,
  expression?: string,
): OperationOutcomeIssue {
  return { severity, code, diagnostics: text, ...(expression ? { expression: [expression] } : {}) };
}

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** A client error in the FHIR layer, naming the element at fault by its FHIRPath. */
export function fhirInvalid(expression: string, message: string, code: ErrorCode = 'validation_failed') {
  return new AppError(code, `${expression}: ${message}`, [{ field: expression, message }]);
}

export function outcomeOf(err: AppError): OperationOutcome {
  const code = ISSUE_CODE[err.code];
  const fields: FieldError[] = err.errors ?? [];
  return outcome(
    fields.length
      ? fields.map((f) => issue('error', code, `${f.field}: ${f.message}`, f.field))
      : [issue('error', code, err.message)],
  );
}

const STATUS_CODE = Object.fromEntries(Object.entries(ERROR_STATUS).map(([k, v]) => [v, k])) as Record<
  number,
  ErrorCode
>;

/** The challenge of a 401 when the authentication layer set none (RFC 9110: a 401 names one). */
const CHALLENGE = 'Bearer realm="yilian"';

export function sendOutcome(reply: FastifyReply, status: number, body: OperationOutcome) {
  if (status === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', CHALLENGE);
  return reply.code(status).type(FHIR_JSON).send(body);
}

export function fhirErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendOutcome(reply, err.status, outcomeOf(err));
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) =>
      issue('error', 'invalid', v.message ?? 'is invalid', v.instancePath.replace(/^\//, '') || undefined),
    );
    return sendOutcome(reply, 400, outcome(issues));
  }
  const pg = fromPostgres(err as never);
  if (pg) return sendOutcome(reply, pg.status, outcomeOf(pg));
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own: malformed JSON, a body that is not JSON, one too large …
    const code = STATUS_CODE[status] ?? 'bad_request';
    const malformed =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
    return sendOutcome(
      reply,
      status,
      outcome([issue('error', malformed ? 'structure' : ISSUE_CODE[code], err.message)]),
    );
  }
  request.log.error({ err }, 'unhandled error in the FHIR API');
  return sendOutcome(reply, 500, outcome([issue('fatal', 'exception', 'An unexpected error occurred')]));
}
