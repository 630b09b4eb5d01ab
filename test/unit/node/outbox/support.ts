// Shared by the outbox tests that start one outbox per test against one sandbox per file.
import { rm } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Outbox } from '../../../../src/main/services/outbox/outbox'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'

export interface OutboxTestbed {
  sandbox: Sandbox
  /** The test's outbox folder; removed after each test. */
  dir: string
  /** The test's outbox; stopped after each test. */
  outbox: Outbox | null
  /** The id of one of the sandbox's chats. */
  chatId(index: number): string
}

/** Registers the hooks: a small sandbox for the file, and the test's outbox stopped and its folder removed. */
export function outboxTestbed(): OutboxTestbed {
  const bed: OutboxTestbed = {
    sandbox: null as unknown as Sandbox,
    dir: '',
    outbox: null,
    chatId: (index) => String([...bed.sandbox.state.chats.keys()][index]),
  }
  beforeAll(async () => {
    bed.sandbox = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
  })
  afterAll(() => bed.sandbox.close())
  afterEach(async () => {
    await bed.outbox?.stop()
    bed.outbox = null
    bed.sandbox.faults.clear()
    if (bed.dir) await rm(bed.dir, { recursive: true, force: true })
  })
  return bed
}
