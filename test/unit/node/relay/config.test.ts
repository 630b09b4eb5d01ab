// The relay's settings and its signature check, without a server.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseRelayConfig } from '../../../../src/relay/config'
import { verifySignature } from '../../../../src/relay/signature'

describe('relay settings', () => {
  it('reads flags, falls back to the environment, and keeps secrets to the environment', () => {
    const config = parseRelayConfig(
      ['--workspace', 'acme', '--port', '9000', '--nats', 'nats://a:4222,nats://b:4222'],
      {
        RELAY_PUBLIC_URL: 'https://relay.example.com/',
        LINQ_TOKEN: 'tok',
        LINQ_WEBHOOK_SECRET: 'whsec',
        NATS_USER: 'relay-acme',
        NATS_PASS: 'pw',
      },
    )
    expect(config).toMatchObject({
      relay: {
        workspace: 'acme',
        port: 9000,
        host: '127.0.0.1',
        secret: 'whsec',
        nats: {
          servers: ['nats://a:4222', 'nats://b:4222'],
          credentials: { user: 'relay-acme', pass: 'pw' },
        },
        replicas: 1,
        duplicateWindowMs: 3_600_000,
      },
      subscribe: {
        url: 'https://relay.example.com/linq/webhooks',
        linqBaseUrl: 'https://api.linqapp.com',
        linqToken: 'tok',
      },
    })
  })

  it('shares one fetch per event when it has a Linq token, within a bounded time', () => {
    const env = { RELAY_WORKSPACE: 'acme', LINQ_TOKEN: 'tok' }
    expect(parseRelayConfig([], env)).toMatchObject({
      relay: { linq: { baseUrl: 'https://api.linqapp.com', token: 'tok', fetchTimeoutMs: 2000 } },
    })
    expect(parseRelayConfig(['--fetch-timeout-ms', '0'], env)).toMatchObject({ relay: { linq: undefined } })
    expect(parseRelayConfig([], { RELAY_WORKSPACE: 'acme' })).toMatchObject({ relay: { linq: undefined } })
    expect(parseRelayConfig(['--fetch-timeout-ms', '9000'], env)).toEqual([
      '--fetch-timeout-ms: at most 5000 (Linq waits 10 s for the answer)',
    ])
  })

  it('lists every problem instead of starting half-configured', () => {
    const problems = parseRelayConfig(
      ['--workspace', 'Acme Corp', '--port', 'x', '--public-url', 'http://plain', '--secret', 's'],
      {},
    )
    expect(problems).toEqual([
      'unknown option --secret (secrets come from the environment)',
      '--workspace: 1-64 lowercase letters, digits, - or _',
      '--port must be a number ≥ 0',
      '--public-url must be an https URL',
      '--public-url needs LINQ_TOKEN in the environment',
    ])
    expect(
      parseRelayConfig([], {
        RELAY_WORKSPACE: 'acme',
        RELAY_MAX_AGE_HOURS: '1',
        RELAY_DEDUPE_WINDOW_MINUTES: '90',
      }),
    ).toEqual(['the dedupe window cannot be longer than the max age'])
  })
})

describe('X-Webhook-Signature', () => {
  const body = Buffer.from('{"event_id":"e1"}')
  const good = `sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`
  it('accepts the HMAC of the exact bytes and nothing else', () => {
    expect(verifySignature('k', body, good)).toBe(true)
    expect(verifySignature('k', body, good.toUpperCase().replace('SHA256', 'sha256'))).toBe(true)
    expect(verifySignature('other', body, good)).toBe(false)
    expect(verifySignature('k', Buffer.from('{"event_id":"e2"}'), good)).toBe(false)
    expect(verifySignature('k', body, undefined)).toBe(false)
    expect(verifySignature('k', body, good.slice(0, -2))).toBe(false)
    expect(verifySignature('k', body, good.replace('sha256=', 'sha1='))).toBe(false)
  })
})
