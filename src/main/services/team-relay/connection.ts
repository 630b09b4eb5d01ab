// How a device reaches the relay's NATS server: the connection options for a setting, and the "Test
// connection" probe, which signs in and asks for this device's consumer the way the consumer will.
import { jetstreamManager } from '@nats-io/jetstream'
import { connect, credsAuthenticator } from '@nats-io/transport-node'
import type { TeamRelayCredentials } from '../../../shared/contract'
import type { TeamRelaySettingView } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { deviceConsumerName, deviceInboxPrefix, streamName } from '../../../shared/relay-protocol'
import type { RelayConsumerOptions } from './relay-consumer'

export const relayServers = (url: string) =>
  url
    .split(',')
    .map((one) => one.trim())
    .filter(Boolean)

/** The consumer's sign-in for these credentials. */
export function relayAuth(
  credentials: TeamRelayCredentials,
): Pick<RelayConsumerOptions, 'credentials' | 'authenticator'> {
  switch (credentials.kind) {
    case 'password':
      return { credentials: { user: credentials.user, pass: credentials.password } }
    case 'token':
      return { credentials: { token: credentials.token } }
    case 'creds':
      return { authenticator: credsAuthenticator(new TextEncoder().encode(credentials.creds)) }
    case 'none':
      return {}
  }
}

/** What a NATS failure means for the person setting the relay up, in plain words. */
export function explainRelayError(
  error: unknown,
  where: Pick<TeamRelaySettingView, 'relayWorkspace' | 'deviceId'>,
) {
  const text = errorMessage(error)
  if (/authorization|authentication|auth/i.test(text))
    return 'The NATS server refused this user, password or credentials file.'
  if (/permission/i.test(text))
    return `This user may not read the consumer device-${where.deviceId}: ask your admin to check its permissions.`
  if (/stream not found/i.test(text))
    return `The server has no stream ${streamName(where.relayWorkspace)}: is the relay running with --workspace ${where.relayWorkspace}?`
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|connection refused|CONNECTION_REFUSED/i.test(text))
    return 'Could not reach the NATS server at that address.'
  if (/timeout/i.test(text)) return 'The NATS server did not answer in time.'
  if (/relay silent/i.test(text))
    return 'The relay has sent nothing for a while (NATS answers): is `npm run relay` running?'
  return `The team relay could not be reached: ${text}`
}

/** Signs in and looks up this device's consumer (absent is fine: it is made on first connect). */
export async function probeTeamRelay(
  setting: Pick<TeamRelaySettingView, 'url' | 'relayWorkspace' | 'deviceId'>,
  credentials: TeamRelayCredentials,
  timeoutMs = 5000,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const auth = relayAuth(credentials)
  let nc: Awaited<ReturnType<typeof connect>> | null = null
  try {
    nc = await connect({
      servers: relayServers(setting.url),
      ...auth.credentials,
      ...(auth.authenticator ? { authenticator: auth.authenticator } : {}),
      inboxPrefix: deviceInboxPrefix(setting.deviceId),
      timeout: timeoutMs,
      reconnect: false,
    })
    const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: timeoutMs })
    try {
      await jsm.consumers.info(streamName(setting.relayWorkspace), deviceConsumerName(setting.deviceId))
    } catch (error) {
      if (!/consumer not found/i.test(errorMessage(error))) throw error
    }
    return { ok: true }
  } catch (error) {
    return { ok: false, reason: explainRelayError(error, setting) }
  } finally {
    await nc?.close().catch(() => undefined)
  }
}
