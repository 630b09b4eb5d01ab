// The app's own model of a Linq workspace. Wire types (src/shared/wire) are mapped to these in one place
// (src/main/services/linq-api/map.ts), so nothing above the API client sees integer ids, nullable wire
// fields or the two error formats.

export const SERVICES = ['iMessage', 'SMS', 'RCS'] as const
export type Service = (typeof SERVICES)[number]

export const REACTION_TYPES = ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question'] as const
export type ReactionType = (typeof REACTION_TYPES)[number]

export interface PhoneNumber {
  id: string
  /** E.164, e.g. +14155550100 */
  number: string
  forwardingNumber: string | null
}

export interface Workspace {
  /** Stable id: the keychain account and the cache folder name. */
  id: string
  kind: 'demo' | 'linq'
  /** Shown in the UI: "Demo workspace" or the API host. */
  name: string
  baseUrl: string
  phoneNumbers: PhoneNumber[]
}

export interface ChatParticipant {
  id: string
  /** Phone number or email address. */
  handle: string
  service: Service | null
}

export interface Chat {
  id: string
  /** The Linq number this chat belongs to (E.164). */
  phoneNumber: string
  /** Group name, or the participants' names/numbers as Linq reports them. */
  title: string
  service: Service | null
  isGroup: boolean
  participants: ChatParticipant[]
  messageCount: number
  lastMessage: MessagePreview | null
  /** ISO time of the newest message, or null if the chat has none yet. */
  lastActivityAt: string | null
  unreadCount: number
}

export interface MessagePreview {
  text: string
  isFromMe: boolean
  sentAt: string
  /** "Photo", "File: contract.pdf", "2 attachments" or null when the message has only text. */
  attachmentSummary: string | null
}

export interface Attachment {
  id: string
  filename: string
  mimeType: string
  sizeBytes: number
  /** URL the renderer can load under the strict CSP (linq-media: in Electron, same-origin in the web bridge). */
  src: string
  /** Where Linq serves the file; only main fetches it. */
  remoteUrl: string | null
  /** Image size when known, so the thread reserves the space before the image loads. */
  width?: number
  height?: number
}

export interface Reaction {
  id: string
  type: ReactionType
  isFromMe: boolean
  /** Handle of whoever reacted. */
  from: string
  sentAt: string
}

/**
 * queued: in the outbox, not yet accepted by Linq; sending: upload in progress;
 * sent: accepted by Linq (delivery_status pending); delivered; read; failed: permanently refused
 * (reason in `failure`), or Linq reported service_unavailable / paused.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'received',
] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

export interface MessageFailure {
  message: string
  retryable: boolean
}

export interface UploadProgress {
  sentBytes: number
  totalBytes: number
}

export interface Message {
  /** Server id as a string, or the outbox's local id ("local_…") until Linq accepts the message. */
  id: string
  chatId: string
  /** The outbox id this message was sent with (own messages sent from this app). */
  localId: string | null
  text: string
  sentAt: string
  isFromMe: boolean
  /** Handle (number or email) of the sender. */
  from: string
  status: MessageStatus
  failure: MessageFailure | null
  upload: UploadProgress | null
  editedAt: string | null
  /** Inbound and not yet read (Linq's is_read); unread counts are made from this. */
  unread?: boolean
  attachments: Attachment[]
  reactions: Reaction[]
}

export type SyncState = 'online' | 'offline' | 'catching-up' | 'rate-limited' | 'signed-out'

export interface SyncStatus {
  state: SyncState
  /** Epoch ms of the next attempt while offline or rate-limited. */
  nextRetryAt: number | null
  /** Plain-words reason for offline / rate-limited, never containing the token. */
  detail: string | null
  lastSyncedAt: number | null
}

/** What sync reports with no workspace open. */
export const SIGNED_OUT_SYNC: SyncStatus = {
  state: 'signed-out',
  nextRetryAt: null,
  detail: null,
  lastSyncedAt: null,
}

export type TokenStorage = 'keychain' | 'safe-storage' | 'memory' | 'none'

export type SessionState =
  { status: 'signed-out' } | { status: 'signed-in'; workspace: Workspace; tokenStorage: TokenStorage }

/** Where the token could be kept when the OS keychain is not usable. */
export interface StorageFallback {
  /** Why the keychain failed, in plain words. */
  keychainError: string
  safeStorage: {
    available: boolean
    /** Linux backend name; 'basic_text' means the "encryption" is not real protection. */
    backend: string | null
    isWeak: boolean
  }
}

export type SignInResult =
  | { status: 'signed-in'; session: Extract<SessionState, { status: 'signed-in' }> }
  | {
      status: 'choose-storage'
      /** Short-lived handle for the validated token held in main, to finish with chooseTokenStorage. */
      pendingId: string
      workspace: Workspace
      fallback: StorageFallback
    }

export interface StagedFile {
  id: string
  name: string
  sizeBytes: number
  mimeType: string
  /** Preview URL for images (served like attachments), null for other files. */
  previewSrc: string | null
}

export type StageResult = { ok: true; file: StagedFile } | { ok: false; name: string; error: string }

/** Something main wants the user to hear about; kept in main until a window takes it. */
export interface Notice {
  id: number
  level: 'info' | 'error'
  message: string
}

export interface Settings {
  notificationsEnabled: boolean
  /** Off = notifications say "New message" without sender or text. */
  notificationPreviews: boolean
  /** Epoch ms until which no notification is shown (DND_FOREVER: until turned off); null = off. */
  doNotDisturbUntil: number | null
  /** Closing the window leaves Linq running in the tray (notifications, badge) until Quit. */
  keepRunningInTray: boolean
  /** Start Linq when the user logs in to the computer. */
  launchAtLogin: boolean
  /** A generic update feed (https) named by the user or their admin; null: the build's own feed, if any. */
  updateFeedUrl: string | null
  /** Conversations: the country numbers without a +code belong to (ISO 3166 alpha-2); null: the OS locale's. */
  phoneRegion: string | null
}

/** The latest time a Date can hold: do not disturb "until I turn it off". */
export const DND_FOREVER = 8_640_000_000_000_000

/** A fresh install's settings; a saved file with fewer fields takes the rest from here. */
export const DEFAULT_SETTINGS: Settings = {
  notificationsEnabled: true,
  notificationPreviews: true,
  doNotDisturbUntil: null,
  keepRunningInTray: false,
  launchAtLogin: false,
  updateFeedUrl: null,
  phoneRegion: null,
}

/**
 * Something outside the window asked to open a chat: a notification was clicked, or a linq-desktop:// link
 * named a chat (`chat`) or a new chat with recipients and a prefilled text that is never sent by itself (`new`).
 */
export type OpenRequest = { kind: 'chat'; chatId: string } | { kind: 'new'; to: string[]; text: string }

/**
 * The auto-updater: off (and why), waiting between checks, checking, downloading, or `ready`: the update is
 * downloaded and installs when Linq quits (once a window has told the user).
 */
export interface UpdateStatus {
  state: 'off' | 'idle' | 'checking' | 'downloading' | 'ready' | 'error'
  /** The version downloading or ready. */
  version: string | null
  /** Why it is off, or what went wrong, in plain words. */
  detail: string | null
}

export interface AppInfo {
  name: string
  version: string
  platform: string
  runtime: 'electron' | 'web-bridge'
  /** Where app data lives: the OS user-data dir in Electron, a chosen dir for the bridge. */
  dataDirKind: 'user-data' | 'custom' | 'temporary'
}

export const LIMITS = {
  /** Longest text the composer accepts (Linq publishes none; SMS splits past ~1,600 chars). */
  maxTextLength: 10_000,
  maxAttachmentBytes: 100 * 1024 * 1024,
  maxFilesPerMessage: 10,
  /** Newest messages per chat kept on disk. */
  cachedMessagesPerChat: 5_000,
} as const

// --- Conversations: new chats and groups, contacts, typing ---

/** How a recipient will be reached: iMessage, SMS/RCS (not on iMessage), not known yet, or unknown (offline). */
export type Reachability = 'iMessage' | 'sms' | 'checking' | 'unknown'

/** A new chat whose first message waits in main's durable queue until Linq has created the chat. */
export interface PendingChat {
  localId: string
  /** The Linq number it goes out from (E.164). */
  from: string
  /** Recipients, E.164. */
  to: string[]
  displayName: string | null
  text: string
  createdAt: string
  state: 'queued' | 'sending' | 'failed'
  failure: MessageFailure | null
}

/** A contact of the workspace, as the app shows it. */
export interface ContactCard {
  id: string
  /** "First Last", or the company or email when there is no name. */
  name: string
  firstName: string
  lastName: string
  email: string
  company: string
  /** E.164 (or empty when the contact has only an email). */
  phoneNumber: string
}

export const CONVERSATION_LIMITS = {
  /** Recipients of one new chat (Linq publishes none; carriers' group MMS stops around 20). */
  maxRecipients: 20,
  maxGroupNameLength: 100,
  maxContactField: 200,
} as const
// Team relay (issue 21): the desktop side of the webhook relay (README, "Teams: the webhook relay").

/** How this device signs in to the relay's NATS server; the secret itself stays in main's keychain. */
export type TeamRelayAuth = 'password' | 'creds' | 'token' | 'none'

/** The team relay setting of the open workspace as the renderer may see it: never a password. */
export interface TeamRelaySettingView {
  /** One NATS URL or several, comma-separated (a cluster): nats://, tls://, ws:// or wss://. */
  url: string
  /** The relay's --workspace name: its stream is LINQ_<name>. */
  relayWorkspace: string
  /** Names this device's durable consumer (device-<id>), as in the server's permissions. */
  deviceId: string
  auth: TeamRelayAuth
  /** The NATS user, for password sign-in. */
  user: string | null
}

/**
 * off: no relay set for this workspace; connecting; connected (polling is a slow safety net); lagging
 * (catching up on many events; polling as usual meanwhile); error (why, in plain words; polling as usual).
 */
export type TeamRelayStatus =
  | { state: 'off'; deviceId: string }
  | {
      state: 'connecting' | 'connected' | 'lagging' | 'error'
      setting: TeamRelaySettingView
      detail: string | null
      /** Events applied since the workspace opened. */
      applied: number
    }

/** A customer is typing in a chat (or stopped); shown until `expiresAt` (epoch ms) unless renewed. */
export interface ChatTyping {
  chatId: string
  typing: boolean
  expiresAt: number
}

// Search (issue 18): full-text search over the cached messages.

/** Part of a hit's snippet; `marked` parts are the matched words. The renderer shows them as text. */
export interface SnippetSegment {
  text: string
  marked: boolean
}

export interface SearchHit {
  chatId: string
  messageId: string
  sentAt: string
  isFromMe: boolean
  hasAttachment: boolean
  snippet: SnippetSegment[]
}

export interface SearchResults {
  /** Newest first. */
  hits: SearchHit[]
  /** Every match of the query and filters (the find-in-chat count). */
  total: number
  /** Pass back for the next hits; null when there are no more. */
  nextCursor: string | null
  /** The index is still being built or loaded: hits may be missing. */
  indexing: boolean
}
