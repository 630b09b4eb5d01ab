// `npm run relay` settings: each flag has an environment variable, and secrets (NATS password or token,
// the webhook secret, the Linq token) are read from the environment only, so they never show in `ps`.
import type { LogLevel } from '../main/services/log'
import { RELAY_NAME } from '../shared/relay-protocol'
import type { RelayOptions } from './index'
import { WEBHOOK_PATH } from './server'

export interface RelayConfig {
  relay: Omit<RelayOptions, 'logger'>
  logLevel: LogLevel
  /** Register this URL with Linq at start (needs linq.token). */
  subscribe?: { url: string; linqBaseUrl: string; linqToken: string }
}

const FLAGS: Record<string, string> = {
  workspace: 'RELAY_WORKSPACE',
  host: 'RELAY_HOST',
  port: 'RELAY_PORT',
  nats: 'NATS_URL',
  'nats-user': 'NATS_USER',
  'public-url': 'RELAY_PUBLIC_URL',
  'linq-base-url': 'LINQ_BASE_URL',
  replicas: 'RELAY_STREAM_REPLICAS',
  'max-age-hours': 'RELAY_MAX_AGE_HOURS',
  'dedupe-window-minutes': 'RELAY_DEDUPE_WINDOW_MINUTES',
  'log-level': 'RELAY_LOG_LEVEL',
  'fetch-timeout-ms': 'RELAY_FETCH_TIMEOUT_MS',
}

export const USAGE = `npm run relay -- --workspace <name> [options]

  --workspace <name>        RELAY_WORKSPACE    lowercase name; subjects are linq.<name>.…  (required)
  --host <address>          RELAY_HOST         listen address (default 127.0.0.1)
  --port <n>                RELAY_PORT         listen port (default 8787)
  --nats <url,url…>         NATS_URL           NATS servers (default nats://127.0.0.1:4222)
  --nats-user <user>        NATS_USER          with NATS_PASS from the environment; or NATS_TOKEN
  --public-url <https url>  RELAY_PUBLIC_URL   register this URL with Linq (needs LINQ_TOKEN)
  --linq-base-url <url>     LINQ_BASE_URL      default https://api.linqapp.com
  --replicas <n>            RELAY_STREAM_REPLICAS  1 on one server, 3 on a JetStream cluster
  --max-age-hours <n>       RELAY_MAX_AGE_HOURS    how long events stay in the stream (default 168)
  --dedupe-window-minutes <n> RELAY_DEDUPE_WINDOW_MINUTES  redeliveries dropped within (default 60)
  --log-level <level>       RELAY_LOG_LEVEL    debug | info | warn | error (default info)
  --fetch-timeout-ms <n>    RELAY_FETCH_TIMEOUT_MS  the fetch shared with desktops (default 2000; 0 = off)
  Environment only: LINQ_WEBHOOK_SECRET (verify X-Webhook-Signature), NATS_PASS, NATS_TOKEN, LINQ_TOKEN.
  With LINQ_TOKEN the relay fetches each message event's chat once and shares Linq's answer with desktops.`

/** The settings, or the reasons they are not usable. */
export function parseRelayConfig(
  argv: string[],
  env: Record<string, string | undefined>,
): RelayConfig | string[] {
  const values: Record<string, string | undefined> = {}
  const problems: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const name = arg.replace(/^--/, '')
    if (arg.startsWith('--') && name in FLAGS) values[name] = argv[++i]
    else {
      problems.push(
        `unknown option ${arg}${/secret|pass|token/.test(arg) ? ' (secrets come from the environment)' : ''}`,
      )
      if (arg.startsWith('--') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) i++
    }
  }
  const get = (name: string) => values[name] ?? env[FLAGS[name]!]
  const num = (name: string, fallback: number, min: number) => {
    const raw = get(name)
    const value = raw === undefined ? fallback : Number(raw)
    if (!Number.isFinite(value) || value < min) problems.push(`--${name} must be a number ≥ ${min}`)
    return value
  }
  const workspace = get('workspace') ?? ''
  if (!RELAY_NAME.test(workspace)) problems.push('--workspace: 1-64 lowercase letters, digits, - or _')
  const port = num('port', 8787, 0)
  const replicas = num('replicas', 1, 1)
  const maxAgeHours = num('max-age-hours', 168, 1)
  const dedupeMinutes = num('dedupe-window-minutes', 60, 1)
  const fetchTimeoutMs = num('fetch-timeout-ms', 2000, 0)
  if (fetchTimeoutMs > 5000)
    problems.push('--fetch-timeout-ms: at most 5000 (Linq waits 10 s for the answer)')
  const logLevel = (get('log-level') ?? 'info') as LogLevel
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    problems.push('--log-level: debug, info, warn or error')
  if (dedupeMinutes > maxAgeHours * 60) problems.push('the dedupe window cannot be longer than the max age')
  const user = get('nats-user')
  const credentials =
    user !== undefined
      ? { user, pass: env.NATS_PASS ?? '' }
      : env.NATS_TOKEN
        ? { token: env.NATS_TOKEN }
        : undefined
  let subscribe: RelayConfig['subscribe']
  const linqBaseUrl = get('linq-base-url') ?? 'https://api.linqapp.com'
  const publicUrl = get('public-url')
  if (publicUrl !== undefined) {
    if (!/^https:\/\/[^\s]+$/.test(publicUrl)) problems.push('--public-url must be an https URL')
    if (!env.LINQ_TOKEN) problems.push('--public-url needs LINQ_TOKEN in the environment')
    const url = publicUrl.replace(/\/+$/, '')
    subscribe = {
      url: url.endsWith(WEBHOOK_PATH) ? url : `${url}${WEBHOOK_PATH}`,
      linqBaseUrl,
      linqToken: env.LINQ_TOKEN ?? '',
    }
  }
  if (problems.length) return problems
  return {
    relay: {
      workspace,
      host: get('host') ?? '127.0.0.1',
      port,
      nats: { servers: (get('nats') ?? 'nats://127.0.0.1:4222').split(','), credentials },
      secret: env.LINQ_WEBHOOK_SECRET || undefined,
      replicas,
      maxAgeMs: maxAgeHours * 3600_000,
      duplicateWindowMs: dedupeMinutes * 60_000,
      linq:
        env.LINQ_TOKEN && fetchTimeoutMs > 0
          ? { baseUrl: linqBaseUrl, token: env.LINQ_TOKEN, fetchTimeoutMs }
          : undefined,
    },
    logLevel,
    subscribe,
  }
}
