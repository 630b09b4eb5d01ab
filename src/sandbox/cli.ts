// npm run sandbox -- --port 4010 [--seed 1] [--activity] [--small]
import { startSandbox } from './index'

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}
const sandbox = await startSandbox({
  port: Number(arg('port') ?? 4010),
  ...(process.argv.includes('--small') ? { chatCount: 4, bigChatSize: 20 } : {}),
  seed: arg('seed') ? Number(arg('seed')) : undefined,
  token: arg('token'),
  activity: process.argv.includes('--activity') ? {} : false,
})
const firstNumber = sandbox.state.phoneNumbers[0]?.phone_number ?? ''
process.stdout.write(
  `Linq sandbox listening on ${sandbox.baseUrl}\nToken: ${sandbox.token}\n\nTry:\n  curl -H 'X-LINQ-INTEGRATION-TOKEN: ${sandbox.token}' '${sandbox.baseUrl}/api/partner/v2/chats?phone_number=${encodeURIComponent(firstNumber)}'\n`,
)
const stop = () => void sandbox.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
