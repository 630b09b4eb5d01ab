// The IPC contract, defined once: every renderer→main call (its zod input schema and result type) and
// every main→renderer event (its payload type). The Electron preload, the loopback web bridge and the
// main-process router are all built from this object, so a channel cannot exist in one and not the other.
import { z } from 'zod'
import {
  DND_FOREVER,
  LIMITS,
  REACTION_TYPES,
  type AppInfo,
  type Chat,
  type Message,
  type Notice,
  type OpenRequest,
  type SearchResults,
  type SessionState,
  type Settings,
  type SignInResult,
  type StageResult,
  type SyncStatus,
  type UpdateStatus,
  CONVERSATION_LIMITS,
  type ChatTyping,
  type ContactCard,
  type PendingChat,
  type Reachability,
  type TeamRelayStatus,
} from './domain'
import { isRegionCode } from './phone'
import { RELAY_NAME } from './relay-protocol'

/** Phantom carrier of a result type: the value is never read, only its type. */
function returns<T>(): T {
  return undefined as T
}

const id = z.string().min(1).max(64)
const chatId = id
const messageId = id
const none = z.strictObject({})
const updateFeedUrl = z
  .url({ protocol: /^https$/, error: 'The update address must start with https://' })
  .max(2048, 'The update address is too long.')
const messageText = z
  .string()
  .max(LIMITS.maxTextLength, `Messages can be at most ${LIMITS.maxTextLength} characters.`)

// conversations (issue 17): numbers are E.164 on the wire, checked again in main with libphonenumber-js.
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Enter the number with its country code.')
const recipients = z
  .array(e164)
  .min(1, 'Add at least one recipient.')
  .max(CONVERSATION_LIMITS.maxRecipients, `At most ${CONVERSATION_LIMITS.maxRecipients} recipients.`)
const contactField = z.string().trim().max(CONVERSATION_LIMITS.maxContactField)
// Team relay (issue 21): where this device reads the relay's events, and how it signs in.
const NATS_URL = /^(nats|tls|ws|wss):\/\/[^\s,/]+(:\d{1,5})?\/?$/
const relayName = (what: string) =>
  z
    .string()
    .trim()
    .regex(RELAY_NAME, `${what}: 1–64 lowercase letters, digits, - or _ (starting with a letter or digit).`)
const teamRelayInput = z.strictObject({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the NATS address your admin gave you.')
    .max(2048)
    .refine(
      (value) => value.split(',').every((one) => NATS_URL.test(one.trim())),
      'The NATS address must look like nats://host:4222 or tls://host:4222 (several: comma-separated).',
    ),
  relayWorkspace: relayName('The relay’s workspace name'),
  /** Absent: this computer's own id. */
  deviceId: relayName('The device name').optional(),
  credentials: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('password'),
      user: z.string().trim().min(1, 'Enter the NATS user.').max(256),
      password: z.string().min(1, 'Enter the NATS password.').max(4096),
    }),
    z.strictObject({
      kind: z.literal('creds'),
      creds: z
        .string()
        .max(16_384)
        .refine((c) => c.includes('BEGIN NATS USER JWT') && c.includes('BEGIN USER NKEY SEED'), {
          message: 'Paste the whole .creds file (its JWT and its NKEY seed).',
        }),
    }),
    z.strictObject({ kind: z.literal('token'), token: z.string().min(1, 'Enter the token.').max(4096) }),
    z.strictObject({ kind: z.literal('none') }),
  ]),
})

function channel<S extends z.ZodType, R>(input: S, result: R): { input: S; result: R } {
  return { input, result }
}

export const invokeContract = {
  // app
  getAppInfo: channel(none, returns<AppInfo>()),
  /** The renderer reports focus/visibility; sync polls faster and notifications stay quiet while focused. */
  reportPresence: channel(z.strictObject({ focused: z.boolean(), visible: z.boolean() }), returns<void>()),
  /** Opens an https: or mailto: link in the system browser; anything else is refused. */
  openExternal: channel(z.strictObject({ url: z.string().min(1).max(4096) }), returns<void>()),
  /** Notices main has kept for the window (raised at start, or while no window was listening); once each. */
  takeNotices: channel(none, returns<Notice[]>()),
  getSettings: channel(none, returns<Settings>()),
  updateSettings: channel(
    z.strictObject({
      notificationsEnabled: z.boolean().optional(),
      notificationPreviews: z.boolean().optional(),
      doNotDisturbUntil: z.number().int().min(0).max(DND_FOREVER).nullable().optional(),
      keepRunningInTray: z.boolean().optional(),
      launchAtLogin: z.boolean().optional(),
      updateFeedUrl: updateFeedUrl.nullable().optional(),
      // Conversations: the country of numbers typed without a +code (null: the OS locale's).
      phoneRegion: z
        .string()
        .refine((r) => isRegionCode(r), 'Choose a country from the list.')
        .nullable()
        .optional(),
    }),
    returns<Settings>(),
  ),
  /** The update's state; the window shows a `ready` update, which lets it install on quit. */
  getUpdateStatus: channel(none, returns<UpdateStatus>()),
  /** The user has been told about the downloaded update: it may now install when Linq quits. */
  acknowledgeUpdate: channel(none, returns<void>()),
  /** Quits and installs the downloaded update now (the user asked). */
  installUpdate: channel(none, returns<void>()),
  /**
   * What a notification click or a linq-desktop:// link asked to open while no window heard it (at start, or
   * with the window closed to the tray); once each, kept for a few minutes.
   */
  takeOpenRequest: channel(none, returns<OpenRequest | null>()),

  // session and sign-in
  getSession: channel(none, returns<SessionState>()),
  signIn: channel(
    z.strictObject({
      token: z.string().trim().min(1, 'Enter your integration token.').max(4096),
      baseUrl: z
        .url({ protocol: /^https?$/, error: 'The API address must start with https:// or http://' })
        .optional(),
    }),
    returns<SignInResult>(),
  ),
  chooseTokenStorage: channel(
    z.strictObject({
      pendingId: id,
      storage: z.enum(['safe-storage', 'memory']),
      /** Must be true to use safeStorage when its Linux backend is basic_text. */
      acceptWeakEncryption: z.boolean(),
    }),
    returns<SessionState>(),
  ),
  startDemo: channel(none, returns<SessionState>()),
  signOut: channel(z.strictObject({ clearLocalData: z.boolean() }), returns<void>()),

  // chats
  /**
   * The chat list. With `limit`, only the first `limit` chats in list order (shared/chat-order.ts): the
   * first screenful, so the list paints before the whole workspace's chats are cloned; `total` says how
   * many there are, and the window asks again without a limit for all of them once it has painted.
   * `unreadTotal`, `drafts` and `mutedChatIds` always cover every chat.
   */
  listChats: channel(
    z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
    returns<{
      chats: Chat[]
      /** How many chats the workspace has (more than `chats.length` when a limit cut the list). */
      total: number
      unreadTotal: number
      drafts: Record<string, string>
      /** Chats whose notifications are muted on this computer. */
      mutedChatIds: string[]
    }>(),
  ),
  /** Mutes or unmutes a chat's notifications (its unread count still shows). */
  setChatMuted: channel(
    z.strictObject({ chatId, muted: z.boolean() }),
    returns<{ mutedChatIds: string[] }>(),
  ),
  /** The chat on screen (or null): it is polled often and marked read while the window is focused. */
  setActiveChat: channel(z.strictObject({ chatId: chatId.nullable() }), returns<void>()),
  markChatRead: channel(z.strictObject({ chatId }), returns<void>()),
  setDraft: channel(
    z.strictObject({ chatId, text: z.string().max(LIMITS.maxTextLength * 2) }),
    returns<void>(),
  ),

  // messages
  /** Newest cached messages of a chat, oldest first; sync then sends what is newer as events. */
  listMessages: channel(
    z.strictObject({ chatId, limit: z.number().int().min(1).max(500).optional() }),
    returns<{ messages: Message[]; hasOlder: boolean }>(),
  ),
  /** Messages older than `beforeId`, from the cache or fetched from Linq, oldest first. */
  loadOlderMessages: channel(
    z.strictObject({ chatId, beforeId: messageId, limit: z.number().int().min(1).max(200).optional() }),
    returns<{ messages: Message[]; hasOlder: boolean }>(),
  ),
  sendMessage: channel(
    z
      .strictObject({
        chatId,
        text: messageText,
        attachmentIds: z
          .array(id)
          .max(LIMITS.maxFilesPerMessage, `At most ${LIMITS.maxFilesPerMessage} files per message.`),
      })
      .refine((m) => m.text.trim().length > 0 || m.attachmentIds.length > 0, 'Type a message or add a file.'),
    returns<Message>(),
  ),
  retryMessage: channel(z.strictObject({ chatId, localId: id }), returns<void>()),
  discardMessage: channel(z.strictObject({ chatId, localId: id }), returns<void>()),
  /** Stops an upload that has not finished; the message is kept as failed so it can be retried or discarded. */
  cancelMessage: channel(z.strictObject({ chatId, localId: id }), returns<void>()),
  editMessage: channel(
    z.strictObject({
      chatId,
      messageId,
      text: messageText.refine((t) => t.trim().length > 0, 'A message cannot be empty.'),
    }),
    returns<Message>(),
  ),
  deleteMessage: channel(z.strictObject({ chatId, messageId }), returns<void>()),
  reactToMessage: channel(
    z.strictObject({ chatId, messageId, type: z.enum(REACTION_TYPES), operation: z.enum(['add', 'remove']) }),
    returns<Message>(),
  ),

  // attachments (the page never names a path: see preloadContract)
  /**
   * Opens the system's file picker in main (the Electron app) and stages what the user picks, in order; an
   * empty list when cancelled. The web bridge has no picker of its own: the page's file input sends bytes.
   */
  pickFiles: channel(none, returns<StageResult[]>()),
  /** Stages bytes with no path on disk (a pasted image, or a file in the web bridge). */
  stageFileBytes: channel(
    z.strictObject({
      name: z.string().min(1).max(255),
      mimeType: z.string().max(255),
      bytes: z.instanceof(Uint8Array),
    }),
    returns<StageResult>(),
  ),
  unstageFile: channel(z.strictObject({ id }), returns<void>()),
  /**
   * Opens an attachment with the system's app (downloaded by main first). A program, script or shortcut is
   * never opened: it is shown in its folder instead, and `reason` says why.
   */
  openAttachment: channel(
    z.strictObject({ chatId, attachmentId: id }),
    returns<{ opened: true } | { opened: false; reason: string }>(),
  ),
  /** Saves an attachment to the Downloads folder and returns where it went. */
  saveAttachment: channel(z.strictObject({ chatId, attachmentId: id }), returns<{ path: string }>()),
  showAttachmentInFolder: channel(z.strictObject({ chatId, attachmentId: id }), returns<void>()),

  // sync
  getSyncStatus: channel(none, returns<SyncStatus>()),
  /** Try now instead of waiting for the next backoff step. */
  syncNow: channel(none, returns<void>()),

  // conversations: new chats and groups, contacts, typing (issue 17)
  /** The chat of `from` with exactly these recipients: the cache first, then Linq (null: none, or offline). */
  findChatWith: channel(z.strictObject({ from: e164, to: recipients }), returns<{ chatId: string | null }>()),
  /**
   * Queues a new chat with its first message in main's durable queue (find before create on every attempt,
   * so a retry never makes a second chat); `pendingChatCreated` says when Linq has it.
   */
  createChat: channel(
    z.strictObject({
      from: e164,
      to: recipients,
      displayName: z.string().trim().max(CONVERSATION_LIMITS.maxGroupNameLength).nullable(),
      text: messageText.refine((t) => t.trim().length > 0, 'Type the first message.'),
    }),
    returns<PendingChat>(),
  ),
  listPendingChats: channel(none, returns<PendingChat[]>()),
  retryPendingChat: channel(z.strictObject({ localId: id }), returns<void>()),
  discardPendingChat: channel(z.strictObject({ localId: id }), returns<void>()),
  /** What is known now about each number; checks start in the background (`availabilityChanged`). */
  checkAvailability: channel(
    z.strictObject({ phoneNumbers: z.array(e164).min(1).max(CONVERSATION_LIMITS.maxRecipients) }),
    returns<Record<string, Reachability>>(),
  ),
  /** The user is composing in a chat (true) or stopped (false); main sends it for iMessage chats only. */
  setTyping: channel(z.strictObject({ chatId, typing: z.boolean() }), returns<void>()),
  shareContactCard: channel(z.strictObject({ chatId }), returns<void>()),
  listContacts: channel(none, returns<ContactCard[]>()),
  refreshContacts: channel(none, returns<ContactCard[]>()),
  /** Creates (id null) or updates a contact; the list changes at once and goes back if Linq refuses. */
  saveContact: channel(
    z.strictObject({
      id: id.nullable(),
      phoneNumber: e164,
      firstName: contactField,
      lastName: contactField,
      email: z.union([z.literal(''), z.email('Enter a valid email address.').max(254)]),
      company: contactField,
    }),
    returns<ContactCard>(),
  ),
  // team relay (issue 21): the open workspace's relay setting; the secret goes to the keychain, never back
  getTeamRelay: channel(none, returns<TeamRelayStatus>()),
  /** Saves the setting (the secret in the keychain) and connects. */
  setTeamRelay: channel(teamRelayInput, returns<TeamRelayStatus>()),
  /** Forgets the setting and its secret; polling goes back to its usual pace. */
  clearTeamRelay: channel(none, returns<TeamRelayStatus>()),
  /** Tries the setting without saving it: signs in and looks for the relay's stream. */
  testTeamRelay: channel(teamRelayInput, returns<{ ok: true } | { ok: false; reason: string }>()),
  // search (issue 18)
  /** Cached messages holding every word of `query` (words or word beginnings), newest first. */
  searchMessages: channel(
    z.strictObject({
      query: z.string().trim().min(1, 'Type something to search for.').max(500),
      chatId: chatId.optional(),
      /** The Linq number (E.164) whose chats to search. */
      phoneNumber: z.string().min(1).max(32).optional(),
      from: z.enum(['me', 'them']).optional(),
      hasAttachment: z.boolean().optional(),
      /** Sent at or after / before these times. */
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      cursor: z.string().min(1).max(200).optional(),
    }),
    returns<SearchResults>(),
  ),
  /**
   * A chat's messages from a little before `messageId` to the newest, oldest first, to open the thread at
   * that message; from the cache, or from Linq when the message is older than the cache keeps.
   */
  messagesAround: channel(
    z.strictObject({ chatId, messageId, before: z.number().int().min(1).max(200).optional() }),
    returns<{ messages: Message[]; hasOlder: boolean; found: boolean }>(),
  ),
} as const

/**
 * Channels only the Electron preload calls, never part of `window.linq`: the page cannot name a path. The
 * preload resolves a dropped or pasted File with webUtils.getPathForFile itself and sends the path here.
 * Why the page cannot send its own string: contextIsolation keeps ipcRenderer out of the page (only the
 * frozen `window.linq` crosses), the preload's webUtils and prototypes live in its isolated world, a File
 * the page makes up has no path (getPathForFile answers '', and the preload sends its bytes instead), and
 * main checks that the sender is the app's window and frame as for every channel. The web bridge serves
 * only invokeContract, so there this channel does not exist at all.
 */
export const preloadContract = {
  stageDroppedFile: channel(z.strictObject({ path: z.string().min(1).max(4096) }), returns<StageResult>()),
} as const

export const MENU_COMMANDS = ['settings', 'sign-out', 'find-chat'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export const eventContract = {
  sessionChanged: returns<SessionState>(),
  chatsChanged: returns<{ chats: Chat[]; removedIds: string[]; unreadTotal: number }>(),
  /** `replacedIds`: local outbox ids superseded by the server messages in `messages`. */
  messagesUpserted: returns<{ chatId: string; messages: Message[]; replacedIds: string[] }>(),
  messagesRemoved: returns<{ chatId: string; messageIds: string[] }>(),
  syncStatus: returns<SyncStatus>(),
  uploadProgress: returns<{ chatId: string; localId: string; sentBytes: number; totalBytes: number }>(),
  /** A system notification was clicked, or a linq-desktop://chat/ link opened: open this chat. */
  openChat: returns<{ chatId: string }>(),
  /**
   * Start a new chat with these recipients (E.164) and this text in the composer, never sent by itself: a
   * linq-desktop://new link, or the tray's New chat (both empty).
   */
  openNewChat: returns<{ to: string[]; text: string }>(),
  updateStatus: returns<UpdateStatus>(),
  /** A command from the app menu (Electron), handled where the UI for it lives. */
  menuCommand: returns<{ command: MenuCommand }>(),
  /** Something failed in the background that the user should hear about (also kept for takeNotices). */
  notice: returns<Notice>(),
  // conversations (issue 17)
  pendingChatsChanged: returns<{ pending: PendingChat[] }>(),
  /** Linq created the new chat `localId` asked for: it is `chatId` now (already in chatsChanged). */
  pendingChatCreated: returns<{ localId: string; chatId: string }>(),
  availabilityChanged: returns<Record<string, Reachability>>(),
  contactsChanged: returns<{ contacts: ContactCard[] }>(),
  // team relay (issue 21)
  teamRelayStatus: returns<TeamRelayStatus>(),
  /** A customer started or stopped typing (from the team relay). */
  chatTyping: returns<ChatTyping>(),
} as const

/**
 * How long a caller waits for main before giving up with a `timeout` error (the web bridge's socket can
 * drop a frame; main always answers over Electron IPC). Long where the user or a large file sets the pace.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 2 * 60_000
export const CALL_TIMEOUTS_MS: Partial<Record<keyof typeof invokeContract, number>> = {
  pickFiles: 60 * 60_000,
  stageFileBytes: 15 * 60_000,
  sendMessage: 15 * 60_000,
  openAttachment: 15 * 60_000,
  saveAttachment: 15 * 60_000,
  loadOlderMessages: 5 * 60_000,
  messagesAround: 5 * 60_000,
  syncNow: 5 * 60_000,
}

export type TeamRelayInput = ChannelParsedInput<'setTeamRelay'>
export type TeamRelayCredentials = TeamRelayInput['credentials']

export type InvokeContract = typeof invokeContract
export type ChannelName = keyof InvokeContract
export type EventContract = typeof eventContract
export type EventName = keyof EventContract

export type ChannelInput<C extends ChannelName> = z.input<InvokeContract[C]['input']>
export type ChannelParsedInput<C extends ChannelName> = z.output<InvokeContract[C]['input']>
export type ChannelResult<C extends ChannelName> = InvokeContract[C]['result']
export type EventPayload<E extends EventName> = EventContract[E]

export const CHANNEL_NAMES = Object.keys(invokeContract) as ChannelName[]
export const EVENT_NAMES = Object.keys(eventContract) as EventName[]

export type PreloadChannelName = keyof typeof preloadContract
export const PRELOAD_CHANNEL_NAMES = Object.keys(preloadContract) as PreloadChannelName[]

// The channel strings live with the names-only list the preload uses (issue 19: preload size).
export { ipcChannel, preloadIpcChannel } from './channel-names'

type BridgeMethod<C extends ChannelName> =
  Record<string, never> extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<ChannelResult<C>>
    : (input: ChannelInput<C>) => Promise<ChannelResult<C>>

/** `window.linq`: one async method per channel, typed subscriptions, and staging of a File. */
export type LinqBridge = { [C in ChannelName]: BridgeMethod<C> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Stages a dropped or pasted File: by its path on disk where the preload can resolve one (Electron, a
   * real file), else by its bytes under `name` (the web bridge, a pasted image, a File the page made).
   */
  stageFile(file: File, name: string): Promise<StageResult>
}
