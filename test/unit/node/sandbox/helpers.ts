import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../src/sandbox'
import { assertMatchesSpec } from '../../../support/openapi'

export interface Call {
  status: number
  body: unknown
  headers: Headers
}

/** A tiny raw client for contract tests: every answer is checked against the spec for its operation. */
export function api(sandbox: Sandbox, token = sandbox.token) {
  const call = async (
    operationId: string,
    method: string,
    path: string,
    init: {
      json?: unknown
      form?: FormData
      query?: Record<string, string | string[]>
      token?: string | null
    } = {},
  ): Promise<Call> => {
    const url = new URL(`/api/partner/v2${path}`, sandbox.baseUrl)
    for (const [k, v] of Object.entries(init.query ?? {}))
      for (const item of [v].flat()) url.searchParams.append(k, item)
    const headers: Record<string, string> = {}
    const auth = init.token === undefined ? token : init.token
    if (auth !== null) headers['X-LINQ-INTEGRATION-TOKEN'] = auth
    let body: BodyInit | undefined
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.form) body = init.form
    const response = await fetch(url, { method, headers, body })
    const text = await response.text()
    const parsed: unknown = text === '' ? undefined : JSON.parse(text)
    assertMatchesSpec(operationId, response.status, parsed)
    return { status: response.status, body: parsed, headers: response.headers }
  }
  return call
}

export const small = (extra: SandboxOptions = {}) =>
  startSandbox({ chatCount: 12, bigChatSize: 300, ...extra })

export function form(
  fields: Record<string, string | string[]>,
  files: { name: string; bytes: Uint8Array; type?: string }[] = [],
): FormData {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) data.append(k, item)
  for (const f of files)
    data.append(
      'message[attachments][]',
      new Blob([Buffer.from(f.bytes)], { type: f.type ?? 'application/octet-stream' }),
      f.name,
    )
  return data
}
