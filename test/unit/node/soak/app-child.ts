// The soak's "main process": the real app core on a data dir, in a child process the test kills with
// SIGKILL and starts again on the same data. It signs in to the sandbox the test runs (first start only:
// later starts reopen the workspace from the stored token), then sends what the parent asks for and
// acknowledges each message once sendMessage has answered (the message is in the durable outbox).
// Run as: node --import tsx test/unit/node/soak/app-child.ts <dataDir> <baseUrl> <token> <pacingMs>
import { signInWithoutKeychain, startTestCore, until } from '../../../support/core'

type Command = { type: 'send'; ref: string; chatId: string; text: string }

const [dataDir, baseUrl, token, pacingMs] = process.argv.slice(2)
if (!dataDir || !baseUrl || !token || !pacingMs)
  throw new Error('usage: app-child <dataDir> <baseUrl> <token> <pacingMs>')
// The parent gone (the test ended or crashed): nothing left to do.
process.on('disconnect', () => process.exit(0))

const test = await startTestCore({
  dataDir,
  // Quicker than the app's defaults (30 s, five tries, 250 ms between a chat's sends) so injected timeouts
  // cost seconds, not minutes, and the sends take the time the soak's kills are spread over (see soak.test).
  api: {
    timeoutMs: 1_500,
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 2_000 },
    pacing: { perChatIntervalMs: Number(pacingMs) },
  },
})
if ((await test.value('getSession')).status !== 'signed-in') await signInWithoutKeychain(test, baseUrl, token)
// A user sends to chats on screen: after the first sign-in they arrive with the first sync.
await until(async () => (await test.value('listChats')).chats.length > 0, 60_000)

process.on('message', (command: Command) => {
  if (command.type !== 'send') return
  void test
    .call('sendMessage', { chatId: command.chatId, text: command.text, attachmentIds: [] })
    .then((result) =>
      process.send?.(
        result.ok
          ? { type: 'ack', ref: command.ref }
          : { type: 'refused', ref: command.ref, error: result.error },
      ),
    )
})
process.send?.({ type: 'ready' })
