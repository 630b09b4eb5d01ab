import type { FastifyReply } from 'fastify'

const TITLES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  413: ['payload_too_large', 'Payload Too Large'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
  422: ['unprocessable_entity', 'Unprocessable Entity'],
  429: ['rate_limited', 'Too Many Requests'],
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
}

/** The `Error` format most v2 endpoints use: {errors:[{status,code,title,detail}]}. */
export function sendError(reply: FastifyReply, status: number, detail: string): FastifyReply {
  const [code, title] = TITLES[status] ?? ['error', 'Error']
  return reply.code(status).send({ errors: [{ status, code, title, detail }] })
}

/** The `StandardError` format of the contacts and webhook-subscription endpoints. */
export function sendStandardError(
  reply: FastifyReply,
  status: number,
  message: string,
  errors: string[] = [],
) {
  const [code] = TITLES[status] ?? ['error']
  return reply
    .code(status)
    .send({ status: String(status), error_code: code, message, errors: errors.length ? errors : [message] })
}

/** Which error format an operation uses. */
export const STANDARD_ERROR_OPERATIONS = new Set([
  'listContacts',
  'createContact',
  'findContact',
  'getContact',
  'updateContact',
  'partiallyUpdateContact',
  'deleteContact',
  'listWebhookSubscriptions',
  'createWebhookSubscription',
  'updateWebhookSubscription',
  'deleteWebhookSubscription',
])
