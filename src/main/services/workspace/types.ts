// What callers may do with an open workspace. The IPC handler table (src/main/services/ipc/) and the tests
// use this and nothing else: the services behind it (cache, sync, outbox, staging, media, notifications)
// stay inside workspace.ts. Grouped by feature; a new feature (conversations: new chats, contacts, typing)
// adds its group here, its implementation in a module beside workspace.ts, and its handlers in ipc/.
import type { ChannelParsedInput, ChannelResult, TeamRelayInput } from '../../../shared/contract'
import type { Message, StageResult, SyncStatus, TeamRelayStatus, Workspace } from '../../../shared/domain'
import type { MediaFile } from '../attachments/media-file'
import type { Presence } from '../sync/scheduler'
import type { MessageActions } from './message-actions'
import type { ConversationOperations } from '../conversations/conversations'

export interface ChatOperations {
  /** Every chat, or the first `limit` in list order (the first screenful). */
  listChats(limit?: number): ChannelResult<'listChats'>
  /** Mutes or unmutes one chat's notifications on this computer (mutes.json). */
  setChatMuted(chatId: string, muted: boolean): ChannelResult<'setChatMuted'>
  /** The chat the user has open (null: none); polled often, and its notifications cleared. */
  setActiveChat(chatId: string | null): void
  markChatRead(chatId: string): Promise<void>
  setDraft(chatId: string, text: string): void
}

export interface MessageOperations extends MessageActions {
  /** The newest page (unsent messages last), fetched first when the chat was never synced. */
  listMessages(chatId: string, limit?: number): Promise<ChannelResult<'listMessages'>>
  loadOlderMessages(
    chatId: string,
    beforeId: string,
    limit?: number,
  ): Promise<ChannelResult<'loadOlderMessages'>>
  /** Queues a message (its staged files are copied into the outbox) and returns it as shown now. */
  sendMessage(chatId: string, text: string, attachmentIds: string[]): Promise<Message>
  retryMessage(localId: string): void
  discardMessage(localId: string): Promise<void>
  cancelMessage(localId: string): void
}

export interface AttachmentOperations {
  /** A path main chose (the picker) or the Electron preload resolved (a drop); never one from the page. */
  stagePath(path: string): Promise<StageResult>
  stageFileBytes(input: { name: string; mimeType: string; bytes: Uint8Array }): Promise<StageResult>
  unstageFile(id: string): Promise<void>
  /** A local file for an attachment, downloading it once. */
  attachmentFile(chatId: string, attachmentId: string): Promise<MediaFile>
  saveAttachmentCopy(chatId: string, attachmentId: string, targetDir: string): Promise<string>
  /** `attachment/<id>`, `staged/<id>` or `outbox/<localId>/<index>` → a file, or null. */
  resolveMedia(mediaPath: string): Promise<MediaFile | null>
}

export interface SyncOperations {
  syncStatus(): SyncStatus
  /** The user asked to try now. */
  syncNow(): Promise<void>
  /** The window's focus and visibility: how often to poll, whether to notify. */
  setPresence(presence: Presence): void
  /** Resolves when the sync round in progress (if any) is over. */
  syncSettled(): Promise<void>
  /** Resolves when nothing is queued or in flight in the outbox (failed messages wait for the user). */
  outboxIdle(): Promise<void>
  /** The machine woke from sleep: a sync round, sends retried and the team relay reconnected, now. */
  wake(): void
}

/** Team relay (issue 21): this workspace's relay setting and its connection (team-relay/link.ts). */
export interface TeamRelayOperations {
  teamRelayStatus(): TeamRelayStatus
  setTeamRelay(input: TeamRelayInput): Promise<TeamRelayStatus>
  clearTeamRelay(): Promise<TeamRelayStatus>
  testTeamRelay(input: TeamRelayInput): Promise<ChannelResult<'testTeamRelay'>>
}

/** Full-text search over the cached messages (issue 18), and opening a thread at a hit. */
export interface SearchOperations {
  searchMessages(query: ChannelParsedInput<'searchMessages'>): ChannelResult<'searchMessages'>
  messagesAround(chatId: string, messageId: string, before?: number): Promise<ChannelResult<'messagesAround'>>
}

export interface OpenWorkspace
  extends
    ChatOperations,
    MessageOperations,
    AttachmentOperations,
    SyncOperations,
    // Conversations: new chats, contacts, typing (conversations/conversations.ts)
    ConversationOperations,
    // Team relay: the workspace's relay setting and status (team-relay/link.ts)
    TeamRelayOperations,
    // Search: full-text search over the cache, and a thread opened at a hit (search/service.ts)
    SearchOperations {
  readonly workspace: Workspace
  /** Clears staging, replays the outbox and starts syncing. */
  start(): Promise<void>
  /** Stops syncing and sending and writes what is pending. */
  dispose(): Promise<void>
}
