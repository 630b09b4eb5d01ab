// npm run relay -- --workspace acme [--port 8787] [--nats nats://…] [--public-url https://…]  (see config.ts)
import { errorMessage } from '../shared/error-message'
import { createLogger } from '../main/services/log'
import { parseRelayConfig, USAGE } from './config'
import { HEALTH_PATH, startRelay } from './index'
import { ensureWebhookSubscription } from './subscription'

if (process.argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const config = parseRelayConfig(process.argv.slice(2), process.env)
if (Array.isArray(config)) {
  process.stderr.write(`${config.join('\n')}\n\n${USAGE}\n`)
  process.exit(2)
}
const logger = createLogger({ level: config.logLevel })
for (const secret of [process.env.NATS_PASS, process.env.NATS_TOKEN, process.env.LINQ_TOKEN])
  if (secret) logger.addSecret(secret)
if (!config.relay.secret)
  logger.warn('relay: LINQ_WEBHOOK_SECRET is not set; webhook signatures are not checked')

const relay = await startRelay({ ...config.relay, logger })
logger.info(`relay: listening on ${relay.webhookUrl}, health at ${relay.url}${HEALTH_PATH}`)
if (config.subscribe) {
  try {
    await ensureWebhookSubscription({ ...config.subscribe, secret: config.relay.secret, logger })
  } catch (error) {
    logger.error('relay: could not register the webhook subscription with Linq', {
      error: errorMessage(error),
    })
  }
}
const stop = () => void relay.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
