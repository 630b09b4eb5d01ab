// Validates response bodies against the OpenAPI file itself (JSON Schema 2020-12 via Ajv), so a field-name
// or type drift between the sandbox (or a client's expectations) and the spec fails a test.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

export const SPEC_PATH = resolve(import.meta.dirname, '..', '..', 'api', 'linq-partner-v2.openapi.json')

interface Operation {
  operationId: string
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
interface WebhookOperation {
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } }
}
type Spec = {
  paths: Record<string, Record<string, Operation>>
  webhooks: Record<string, { post: WebhookOperation }>
  components: unknown
}

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec

// The spec marks few fields required and allows extra ones; for conformance tests we tighten it: no
// undeclared fields anywhere (a renamed field fails), and the core models must carry every field.
const FULLY_REQUIRED = [
  'Chat',
  'ChatHandle',
  'ChatMessage',
  'Attachment',
  'Reaction',
  'PaginationMeta',
  'ErrorItem',
  'ContactsPagination',
  'WebhookSubscription',
  'CreatedChatMessage',
]
// The branches of an allOf (the webhook events: envelope + variant) each list only their own fields, so they are
// left open at their top level; the schemas they reference (the event data) are tightened as everywhere else.
function tighten(node: unknown, inAllOf = false): void {
  if (Array.isArray(node)) return node.forEach((item) => tighten(item, inAllOf))
  if (typeof node !== 'object' || node === null) return
  const schema = node as Record<string, unknown>
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((branch) => tighten(branch, true))
    for (const [key, value] of Object.entries(schema)) if (key !== 'allOf') tighten(value)
    return
  }
  if (
    !inAllOf &&
    schema.type === 'object' &&
    typeof schema.properties === 'object' &&
    schema.additionalProperties === undefined
  ) {
    schema.additionalProperties = false
  }
  Object.values(schema).forEach((value) => tighten(value))
}
tighten(spec.paths)
tighten(spec.components)
const schemas = (spec.components as { schemas: Record<string, { properties?: object; required?: string[] }> })
  .schemas
for (const name of FULLY_REQUIRED) schemas[name]!.required = Object.keys(schemas[name]!.properties ?? {})
schemas.PhoneNumber!.required = ['id', 'phone_number', 'forwarding_number', 'response_rate']
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addFormat('binary', true)
ajv.addSchema({ ...spec, $id: 'https://linq.test/spec' })

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
const operations = new Map<string, { path: string; method: string; op: Operation }>()
for (const [path, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    if (op && typeof op === 'object' && 'operationId' in op)
      operations.set(op.operationId, { path, method, op })
  }
}

export const OPERATION_IDS = [...operations.keys()]
export const STANDARD_ERROR_OPS = new Set(
  OPERATION_IDS.filter((id) => /Contact|WebhookSubscription/.test(id)),
)

/** Throws with Ajv's messages unless `body` matches the documented answer for this operation and status. */
export function assertMatchesSpec(operationId: string, status: number, body: unknown): void {
  const found = operations.get(operationId)
  if (!found) throw new Error(`unknown operation ${operationId}`)
  const response = found.op.responses[String(status)]
  let ref: string
  if (response?.content?.['application/json']?.schema) {
    ref = `https://linq.test/spec#/paths/${escape(found.path)}/${found.method}/responses/${status}/content/${escape('application/json')}/schema`
  } else if (status >= 400) {
    // Undocumented error statuses use the operation's error format.
    ref = `https://linq.test/spec#/components/schemas/${STANDARD_ERROR_OPS.has(operationId) ? 'StandardError' : 'Error'}`
  } else {
    if (body !== undefined && body !== '' && body !== null)
      throw new Error(`${operationId} ${status} documents no body, got ${JSON.stringify(body)}`)
    if (!response) throw new Error(`${operationId} does not document status ${status}`)
    return
  }
  if (!response && status < 400) throw new Error(`${operationId} does not document status ${status}`)
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref })
  if (!validate(body)) {
    throw new Error(
      `${operationId} ${status} body does not match the spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
    )
  }
}

/**
 * Throws unless `rawBody` is a webhook delivery as the spec's `webhooks` describe it: the schema of its
 * event_type, and a well-formed X-Webhook-Signature when one is sent.
 */
export function assertWebhookMatchesSpec(rawBody: string, signature: string | undefined): void {
  const body = JSON.parse(rawBody) as { event_type?: string }
  const hook = spec.webhooks[body.event_type ?? '']
  if (!hook) throw new Error(`no webhook ${String(body.event_type)} in the spec`)
  if (signature !== undefined && !/^sha256=[0-9a-f]{64}$/.test(signature))
    throw new Error(`malformed X-Webhook-Signature ${signature}`)
  const ref = `https://linq.test/spec${hook.post.requestBody.content['application/json'].schema.$ref}`
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref })
  if (!validate(body)) {
    throw new Error(
      `${body.event_type} delivery does not match the spec: ${ajv.errorsText(validate.errors)}\n${rawBody.slice(0, 500)}`,
    )
  }
}
