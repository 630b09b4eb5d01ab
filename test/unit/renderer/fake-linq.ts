// An in-memory main process for component tests. It is built like the real one: `createBridge` over a
// transport that validates every call with the contract's zod schema and answers from state kept here
// (chats, messages, drafts, staged files, the session). Tests drive it like main would: `emit` sends an
// event, `failNext` makes the next call of a channel reject with an IpcError, `hold` keeps calls of a
// channel pending until released, so optimistic states can be seen before main answers.
import { createBridge } from '../../../src/shared/bridge'
import { firstInList } from '../../../src/shared/chat-order'
import {
  invokeContract,
  type ChannelName,
  type ChannelParsedInput,
  type ChannelResult,
  type EventName,
  type EventPayload,
  type LinqBridge,
} from '../../../src/shared/contract'
import {
  DEFAULT_SETTINGS,
  type AppInfo,
  type Chat,
  type ContactCard,
  type PendingChat,
  type Reachability,
  type Message,
  type Notice,
  type OpenRequest,
  type UpdateStatus,
  type SessionState,
  type Settings,
  type SignInResult,
  type StageResult,
  type StagedFile,
  type StorageFallback,
  type SyncStatus,
  type TeamRelayStatus,
  type Workspace,
} from '../../../src/shared/domain'
import { isIpcError, type IpcError, type IpcResult } from '../../../src/shared/errors'

type Handlers = {
  [C in ChannelName]: (input: ChannelParsedInput<C>) => ChannelResult<C> | Promise<ChannelResult<C>>
}

export interface Call {
  channel: ChannelName
  input: unknown
}

export const LINQ_WORKSPACE: Workspace = {
  id: 'ws_linq',
  kind: 'linq',
  name: 'api.linqapp.com',
  baseUrl: 'https://api.linqapp.com',
  phoneNumbers: [
    { id: 'pn_1', number: '+14155550100', forwardingNumber: null },
    { id: 'pn_2', number: '+14155550199', forwardingNumber: null },
  ],
}

export const DEMO_WORKSPACE: Workspace = {
  id: 'ws_demo',
  kind: 'demo',
  name: 'Demo workspace',
  baseUrl: 'http://127.0.0.1:4010',
  phoneNumbers: [{ id: 'pn_demo', number: '+14155550100', forwardingNumber: null }],
}

export const FAKE_DEVICE_ID = 'd0123456789ab'

// Local time, so day boundaries in the tests fall where they do for the user whatever the time zone.
const T0 = new Date(2024, 0, 15, 9, 0).getTime()

/** ISO time `minutes` after a fixed morning (tests stay independent of the real clock's day). */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString()
}

export function makeChat(partial: Partial<Chat> & { id: string }): Chat {
  const handle = partial.participants?.[0]?.handle ?? '+14155550101'
  return {
    phoneNumber: '+14155550100',
    title: handle,
    service: 'iMessage',
    isGroup: false,
    participants: [{ id: `p_${partial.id}`, handle, service: 'iMessage' }],
    messageCount: 0,
    lastMessage: null,
    lastActivityAt: null,
    unreadCount: 0,
    ...partial,
  }
}

export function makeMessage(partial: Partial<Message> & { id: string; chatId: string }): Message {
  return {
    localId: null,
    text: '',
    sentAt: at(0),
    isFromMe: false,
    from: '+14155550101',
    status: partial.isFromMe ? 'delivered' : 'received',
    failure: null,
    upload: null,
    editedAt: null,
    attachments: [],
    reactions: [],
    ...partial,
  }
}

export interface FakeLinqSeed {
  session?: SessionState
  chats?: Chat[]
  messages?: Message[]
  drafts?: Record<string, string>
  settings?: Settings
  /** Chats whose notifications main keeps muted. */
  muted?: string[]
  /** What signIn answers for a token that is not 'bad-token'. */
  signIn?: 'signed-in' | { fallback: StorageFallback }
}

export class FakeLinq {
  readonly bridge: LinqBridge
  readonly calls: Call[] = []
  session: SessionState
  settings: Settings
  chats = new Map<string, Chat>()
  /** Per chat, oldest first. */
  messages = new Map<string, Message[]>()
  drafts: Record<string, string>
  muted = new Set<string>()
  /** 'electron' shows what only the installed app has (tray, login, updates). */
  runtime: AppInfo['runtime'] = 'web-bridge'
  update: UpdateStatus = { state: 'off', version: null, detail: 'This app has no updater.' }
  /** What main keeps for takeOpenRequest (a link or notification that came before the window listened). */
  openRequest: OpenRequest | null = null
  staged = new Map<string, StagedFile>()
  sync: SyncStatus = { state: 'online', nextRetryAt: null, detail: null, lastSyncedAt: T0 }
  signInAnswer: NonNullable<FakeLinqSeed['signIn']>
  /** What openAttachment answers (main refuses to open programs). */
  openAnswer: { opened: true } | { opened: false; reason: string } = { opened: true }
  /** Names the system picker answers with next (pickFiles), as if the user chose those files. */
  picks: string[] = []
  /** Notices main kept for the window (takeNotices hands them out once). */
  pendingNotices: Notice[] = []
  /** Files with these names are refused by stageFile*, as main refuses unreadable or unsupported files. */
  refuseNames = new Set<string>(['setup.exe'])
  /** The team relay as main reports it; testTeamRelay fails for addresses containing "unreachable". */
  teamRelay: TeamRelayStatus = { state: 'off', deviceId: FAKE_DEVICE_ID }

  private listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  private failures = new Map<ChannelName, IpcError[]>()
  private held = new Map<ChannelName, (() => void)[] | null>()
  private seq = 0

  constructor(seed: FakeLinqSeed = {}) {
    this.session = seed.session ?? { status: 'signed-out' }
    this.settings = seed.settings ?? DEFAULT_SETTINGS
    this.drafts = { ...seed.drafts }
    this.muted = new Set(seed.muted)
    this.signInAnswer = seed.signIn ?? 'signed-in'
    for (const chat of seed.chats ?? []) this.chats.set(chat.id, chat)
    for (const message of seed.messages ?? []) this.thread(message.chatId).push(message)
    for (const list of this.messages.values())
      list.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt))
    this.bridge = createBridge({
      invoke: (channel, input) => this.invoke(channel, input),
      subscribe: (event, listener) => {
        const set = this.listeners.get(event) ?? new Set()
        set.add(listener)
        this.listeners.set(event, set)
        return () => set.delete(listener)
      },
    })
  }

  // Test controls

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload)
  }

  failNext(channel: ChannelName, message = 'Linq could not be reached. Check your connection.'): void {
    const queue = this.failures.get(channel) ?? []
    queue.push({ kind: 'network', message, retryable: true })
    this.failures.set(channel, queue)
  }

  /** Calls of `channel` wait until the returned function is called. */
  hold(channel: ChannelName): () => void {
    this.held.set(channel, [])
    return () => {
      const waiting = this.held.get(channel) ?? []
      this.held.delete(channel)
      waiting.forEach((resume) => resume())
    }
  }

  callsOf(channel: ChannelName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input)
  }

  /** A message from a customer arrives, as sync would report it. */
  receive(message: Message): void {
    this.thread(message.chatId).push(message)
    const chat = this.chats.get(message.chatId)
    if (chat) {
      const updated: Chat = {
        ...chat,
        lastActivityAt: message.sentAt,
        lastMessage: { text: message.text, isFromMe: false, sentAt: message.sentAt, attachmentSummary: null },
        unreadCount: chat.unreadCount + 1,
      }
      this.chats.set(chat.id, updated)
      this.emit('chatsChanged', { chats: [updated], removedIds: [], unreadTotal: this.unreadTotal() })
    }
    this.emit('messagesUpserted', { chatId: message.chatId, messages: [message], replacedIds: [] })
  }

  message(chatId: string, id: string): Message | undefined {
    return this.thread(chatId).find((m) => m.id === id || m.localId === id)
  }

  // The transport

  private async invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
    const parsed = invokeContract[channel].input.safeParse(input)
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Invalid input.'
      return { ok: false, error: { kind: 'validation', message, retryable: false } }
    }
    this.calls.push({ channel, input: parsed.data })
    const waiting = this.held.get(channel)
    if (waiting) await new Promise<void>((resume) => waiting.push(resume))
    const failure = this.failures.get(channel)?.shift()
    if (failure) return { ok: false, error: failure }
    try {
      const handler = this.handlers[channel] as (input: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (isIpcError(error)) return { ok: false, error }
      throw error
    }
  }

  private thread(chatId: string): Message[] {
    let list = this.messages.get(chatId)
    if (!list) {
      list = []
      this.messages.set(chatId, list)
    }
    return list
  }

  private unreadTotal(): number {
    let total = 0
    for (const chat of this.chats.values()) total += chat.unreadCount
    return total
  }

  private requireMessage(chatId: string, id: string): Message {
    const message = this.message(chatId, id)
    if (!message) throw refusal('not-found', 'That message is no longer in this chat.')
    return message
  }

  private replace(message: Message): Message {
    const list = this.thread(message.chatId)
    const index = list.findIndex(
      (m) => m.id === message.id || (m.localId !== null && m.localId === message.localId),
    )
    if (index >= 0) list[index] = message
    else list.push(message)
    return message
  }

  private stage(name: string, mimeType: string, sizeBytes: number): StageResult {
    if (this.refuseNames.has(name))
      return { ok: false, name, error: 'This kind of file cannot be sent. Linq refuses programs.' }
    const id = `stg_${++this.seq}`
    const file: StagedFile = {
      id,
      name,
      sizeBytes,
      mimeType,
      previewSrc: mimeType.startsWith('image/') ? `/media/staged/${id}` : null,
    }
    this.staged.set(id, file)
    return { ok: true, file }
  }

  private readonly handlers: Handlers = {
    getAppInfo: (): AppInfo => ({
      name: 'Linq',
      version: '0.1.0',
      platform: 'linux',
      runtime: this.runtime,
      dataDirKind: 'temporary',
    }),
    reportPresence: () => undefined,
    openExternal: ({ url }) => {
      if (!/^(https:|mailto:)/i.test(url))
        throw refusal('validation', 'Only https and mailto links can be opened.')
    },
    takeNotices: () => this.pendingNotices.splice(0),
    getSettings: () => this.settings,
    updateSettings: (patch) => (this.settings = { ...this.settings, ...patch }),
    getSession: () => this.session,
    signIn: ({ token }): SignInResult => {
      if (token !== 'good-token' && token !== 'no-keychain')
        throw refusal('unauthorized', 'Linq did not accept this token. Check that you copied all of it.')
      const answer = token === 'no-keychain' && this.signInAnswer === 'signed-in' ? null : this.signInAnswer
      if (answer !== null && answer !== 'signed-in')
        return {
          status: 'choose-storage',
          pendingId: 'pending_1',
          workspace: LINQ_WORKSPACE,
          fallback: answer.fallback,
        }
      this.session = { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' }
      return { status: 'signed-in', session: this.session }
    },
    chooseTokenStorage: ({ pendingId, storage, acceptWeakEncryption }) => {
      if (pendingId !== 'pending_1')
        throw refusal('validation', 'This sign-in expired. Paste the token again.')
      const fallback = this.signInAnswer === 'signed-in' ? null : this.signInAnswer.fallback
      if (storage === 'safe-storage' && fallback?.safeStorage.isWeak && !acceptWeakEncryption)
        throw refusal('validation', 'Weak encryption must be accepted explicitly.')
      this.session = { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: storage }
      return this.session
    },
    startDemo: () => {
      this.session = { status: 'signed-in', workspace: DEMO_WORKSPACE, tokenStorage: 'none' }
      return this.session
    },
    signOut: ({ clearLocalData }) => {
      this.session = { status: 'signed-out' }
      if (clearLocalData) {
        this.drafts = {}
        this.messages.clear()
      }
    },
    listChats: ({ limit }) => ({
      chats: limit === undefined ? [...this.chats.values()] : firstInList([...this.chats.values()], limit),
      total: this.chats.size,
      unreadTotal: this.unreadTotal(),
      drafts: { ...this.drafts },
      mutedChatIds: [...this.muted],
    }),
    setChatMuted: ({ chatId, muted }) => {
      if (!this.chats.has(chatId)) throw refusal('not-found', 'That chat is not in this workspace.')
      if (muted) this.muted.add(chatId)
      else this.muted.delete(chatId)
      return { mutedChatIds: [...this.muted] }
    },
    getTeamRelay: () => this.teamRelay,
    setTeamRelay: ({ url, relayWorkspace, deviceId, credentials }) => {
      const user = credentials.kind === 'password' ? credentials.user : null
      const setting = {
        url,
        relayWorkspace,
        deviceId: deviceId ?? FAKE_DEVICE_ID,
        auth: credentials.kind,
        user,
      }
      return (this.teamRelay = { state: 'connecting', setting, detail: null, applied: 0 })
    },
    clearTeamRelay: () => (this.teamRelay = { state: 'off', deviceId: FAKE_DEVICE_ID }),
    testTeamRelay: ({ url }) =>
      url.includes('unreachable')
        ? { ok: false, reason: 'Could not reach the NATS server at that address.' }
        : { ok: true },
    getUpdateStatus: () => this.update,
    acknowledgeUpdate: () => undefined,
    installUpdate: () => undefined,
    takeOpenRequest: () => {
      const request = this.openRequest
      this.openRequest = null
      return request
    },
    setActiveChat: () => undefined,
    markChatRead: ({ chatId }) => {
      const chat = this.chats.get(chatId)
      if (!chat || chat.unreadCount === 0) return
      const updated = { ...chat, unreadCount: 0 }
      this.chats.set(chatId, updated)
      this.emit('chatsChanged', { chats: [updated], removedIds: [], unreadTotal: this.unreadTotal() })
    },
    setDraft: ({ chatId, text }) => {
      if (text) this.drafts[chatId] = text
      else delete this.drafts[chatId]
    },
    listMessages: ({ chatId, limit = 100 }) => {
      const list = this.thread(chatId)
      return { messages: list.slice(-limit), hasOlder: list.length > limit }
    },
    loadOlderMessages: ({ chatId, beforeId, limit = 100 }) => {
      const list = this.thread(chatId)
      const end = list.findIndex((m) => m.id === beforeId)
      const start = Math.max(0, end - limit)
      return { messages: list.slice(start, Math.max(0, end)), hasOlder: start > 0 }
    },
    // Search (issue 18): a plain scan of the messages held here; the real index is tested in test/unit/node.
    searchMessages: ({ query, chatId, limit = 50 }) => {
      const word = query.toLowerCase()
      const found = [...this.messages.entries()]
        .filter(([id]) => !chatId || id === chatId)
        .flatMap(([, list]) => list.filter((m) => m.text.toLowerCase().includes(word)))
        .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
      const hits = found.slice(0, limit).map((m) => {
        const at = m.text.toLowerCase().indexOf(word)
        const parts = [
          m.text.slice(0, at),
          m.text.slice(at, at + word.length),
          m.text.slice(at + word.length),
        ]
        return {
          chatId: m.chatId,
          messageId: m.id,
          sentAt: m.sentAt,
          isFromMe: m.isFromMe,
          hasAttachment: m.attachments.length > 0,
          snippet: parts.map((text, i) => ({ text, marked: i === 1 })).filter((p) => p.text),
        }
      })
      return { hits, total: found.length, nextCursor: null, indexing: false }
    },
    messagesAround: ({ chatId, messageId, before = 50 }) => {
      const list = this.thread(chatId)
      const at = list.findIndex((m) => m.id === messageId)
      const start = Math.max(0, at - before)
      return { messages: at < 0 ? list.slice(-100) : list.slice(start), hasOlder: start > 0, found: at >= 0 }
    },
    sendMessage: ({ chatId, text, attachmentIds }) => {
      const localId = `local_${++this.seq}`
      const attachments = attachmentIds.map((id) => {
        const file = this.staged.get(id)
        if (!file) throw refusal('file', 'A file to send is no longer available. Add it again.')
        this.staged.delete(id)
        return {
          id: `att_${id}`,
          filename: file.name,
          mimeType: file.mimeType,
          sizeBytes: file.sizeBytes,
          src: file.previewSrc ?? '',
          remoteUrl: null,
        }
      })
      const message: Message = makeMessage({
        id: localId,
        localId,
        chatId,
        text,
        isFromMe: true,
        from: this.chats.get(chatId)?.phoneNumber ?? '',
        sentAt: new Date().toISOString(),
        status: 'queued',
        attachments,
      })
      this.thread(chatId).push(message)
      queueMicrotask(() => this.emit('messagesUpserted', { chatId, messages: [message], replacedIds: [] }))
      return message
    },
    retryMessage: ({ chatId, localId }) => {
      const message = this.replace({
        ...this.requireMessage(chatId, localId),
        status: 'queued',
        failure: null,
      })
      this.emit('messagesUpserted', { chatId, messages: [message], replacedIds: [] })
    },
    discardMessage: ({ chatId, localId }) => {
      this.messages.set(
        chatId,
        this.thread(chatId).filter((m) => m.localId !== localId),
      )
      this.emit('messagesRemoved', { chatId, messageIds: [localId] })
    },
    cancelMessage: ({ chatId, localId }) => {
      const failure = { message: 'You cancelled the upload.', retryable: true }
      const message = this.replace({
        ...this.requireMessage(chatId, localId),
        status: 'failed',
        failure,
        upload: null,
      })
      this.emit('messagesUpserted', { chatId, messages: [message], replacedIds: [] })
    },
    editMessage: ({ chatId, messageId, text }) =>
      this.replace({ ...this.requireMessage(chatId, messageId), text, editedAt: new Date().toISOString() }),
    deleteMessage: ({ chatId, messageId }) => {
      this.requireMessage(chatId, messageId)
      this.messages.set(
        chatId,
        this.thread(chatId).filter((m) => m.id !== messageId),
      )
    },
    reactToMessage: ({ chatId, messageId, type, operation }) => {
      const message = this.requireMessage(chatId, messageId)
      const reactions =
        operation === 'add'
          ? [
              ...message.reactions,
              {
                id: `rx_${++this.seq}`,
                type,
                isFromMe: true,
                from: this.chats.get(chatId)?.phoneNumber ?? '',
                sentAt: new Date().toISOString(),
              },
            ]
          : message.reactions.filter((r) => !(r.isFromMe && r.type === type))
      return this.replace({ ...message, reactions })
    },
    pickFiles: () => this.picks.splice(0).map((name) => this.stage(name, 'application/octet-stream', 1)),
    stageFileBytes: ({ name, mimeType, bytes }) => this.stage(name, mimeType, bytes.byteLength),
    unstageFile: ({ id }) => void this.staged.delete(id),
    openAttachment: () => this.openAnswer,
    saveAttachment: ({ attachmentId }) => ({ path: `/home/user/Downloads/${attachmentId}` }),
    showAttachmentInFolder: () => undefined,
    getSyncStatus: () => this.sync,
    syncNow: () => undefined,

    // conversations (issue 17): a small honest stand-in of main's queue, availability and contacts
    findChatWith: ({ from, to }) => {
      const wanted = [...to].sort().join('|')
      const found = [...this.chats.values()].find(
        (c) =>
          c.phoneNumber === from &&
          c.participants
            .map((p) => p.handle)
            .sort()
            .join('|') === wanted,
      )
      return { chatId: found?.id ?? null }
    },
    createChat: (input) => {
      const pending: PendingChat = {
        localId: `newchat_${++this.seq}`,
        ...input,
        createdAt: new Date(T0).toISOString(),
        state: 'queued',
        failure: null,
      }
      this.pendingChats.push(pending)
      // As main does: the queue changed.
      queueMicrotask(() => this.emit('pendingChatsChanged', { pending: [...this.pendingChats] }))
      return pending
    },
    listPendingChats: () => this.pendingChats,
    retryPendingChat: () => undefined,
    discardPendingChat: ({ localId }) => {
      this.pendingChats = this.pendingChats.filter((p) => p.localId !== localId)
    },
    checkAvailability: ({ phoneNumbers }) =>
      Object.fromEntries(phoneNumbers.map((n) => [n, this.availability[n] ?? 'unknown'])),
    setTyping: ({ chatId, typing }) => void this.typing.push({ chatId, typing }),
    shareContactCard: () => undefined,
    listContacts: () => this.contacts,
    refreshContacts: () => this.contacts,
    saveContact: (input) => {
      if (this.refuseContacts) throw refusal('server', 'Linq is not answering right now.')
      const card: ContactCard = {
        ...input,
        id: input.id ?? `c_${++this.seq}`,
        name: [input.firstName, input.lastName].filter(Boolean).join(' '),
      }
      this.contacts = [...this.contacts.filter((c) => c.id !== card.id), card]
      return card
    },
  }

  // conversations (issue 17)
  pendingChats: PendingChat[] = []
  availability: Record<string, Reachability> = {}
  typing: { chatId: string; typing: boolean }[] = []
  contacts: ContactCard[] = []
  refuseContacts = false
}

function refusal(kind: IpcError['kind'], message: string): IpcError {
  return { kind, message, retryable: false }
}
