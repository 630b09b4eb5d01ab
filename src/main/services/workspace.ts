// One open workspace: its API clients, cache, sync, outbox, staged files, media and notifications, and the
// IPC handlers that act on it. Built when a session opens (sign-in, demo, or restore at start) and disposed
// when it closes. Plain Node: the Electron parts arrive as adapters (store engine, notifier, badge, shell).
import { join } from 'node:path'
import type { Attachment, Message, Settings, Workspace } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import { createMediaStore } from './attachments/media-store'
import { createStaging } from './attachments/staging'
import { createWorkspaceCache } from './cache/cache'
import type { StoreEngine } from './cache/engine'
import type { EventHub } from './events'
import { createLinqClient, type LinqClientOptions } from './linq-api'
import type { Logger } from './log'
import type { MediaFile } from './attachments/media-file'
import { attachmentSummary } from './notifications/policy'
import { createNotificationService } from './notifications/service'
import type { Badge, Notifier } from './notifications/types'
import { createOutbox } from './outbox/outbox'
import type { OnDamage } from './persist/documents'
import { createSync, type SyncIntervals } from './sync/sync'

export interface WorkspaceDeps {
  workspace: Workspace
  token: string
  /** This workspace's folder under the app data dir. */
  dir: string
  engine: StoreEngine
  logger: Logger
  events: EventHub
  mediaSrc: (mediaPath: string) => string
  notifier: Notifier
  badge: Badge
  settings: () => Settings
  /** A notification was clicked: bring the window forward and open the chat. */
  openChat: (chatId: string) => void
  /** Shorter intervals in tests. */
  intervals?: Partial<SyncIntervals>
  /** Something saved (cache, drafts, outbox) could not be restored and was set aside. */
  onDamage?: OnDamage
  /** Overrides for the sending client's timeout and retries (tests). */
  api?: Pick<LinqClientOptions, 'timeoutMs' | 'retry'>
  fetch?: typeof fetch
}

export function openWorkspace(deps: WorkspaceDeps) {
  const { workspace, logger, events, dir } = deps
  const attachmentSrc = (attachmentId: string) => deps.mediaSrc('attachment/' + attachmentId)
  const clientOptions = {
    baseUrl: workspace.baseUrl,
    token: deps.token,
    logger,
    fetch: deps.fetch,
    attachmentSrc,
  }
  // Sends retry patiently (each has an idempotency key); sync polls give up fast and let backoff decide.
  const client = createLinqClient({ ...clientOptions, ...deps.api })
  const syncClient = createLinqClient({ ...clientOptions, retry: { maxAttempts: 2 }, timeoutMs: 15_000 })

  const cache = createWorkspaceCache({
    dir: join(dir, 'cache'),
    engine: deps.engine,
    logger,
    attachmentSummary: (m) => attachmentSummary(m.attachments),
    onDamage: deps.onDamage,
  })
  const presence = () => ({ focused: sync.presence().focused, activeChatId: sync.activeChatId() })
  const notifications = createNotificationService({
    notifier: deps.notifier,
    badge: deps.badge,
    settings: deps.settings,
    presence,
    openChat: deps.openChat,
    logger,
  })
  const sync = createSync({
    client: syncClient,
    cache,
    events,
    logger,
    intervals: deps.intervals,
    onInbound: (chat, messages) => notifications.onInbound(chat, messages, 'live'),
    onUnreadTotal: (total) => notifications.setUnreadTotal(total),
    onOnline: () => outbox.nudge(),
  })
  const media = createMediaStore({
    dir: join(dir, 'media'),
    logger,
    download: (remoteUrl, destPath) => client.downloadAttachment(remoteUrl, destPath),
  })
  const staging = createStaging({ dir: join(dir, 'staging'), logger, mediaSrc: deps.mediaSrc })
  // Linq's attachment ids of the latest sends, by local id: a queued file's URL keeps working once it is sent
  // (its copy is then gone), because the renderer may still load it before the accepted message reaches it.
  const sentAttachmentIds = new Map<string, string[]>()
  const outbox = createOutbox({
    dir: join(dir, 'outbox'),
    engine: deps.engine,
    logger,
    client,
    senderFor: (chatId) => cache.chat(chatId)?.phoneNumber ?? '',
    fileSrc: (localId, index) => deps.mediaSrc(`outbox/${localId}/${index}`),
    onChange: (message) =>
      events.emit('messagesUpserted', { chatId: message.chatId, messages: [message], replacedIds: [] }),
    onSent: async (entry, result) => {
      const message: Message = { ...result.message, localId: entry.localId }
      // The files just uploaded are the attachments' bytes: keep them so they show offline without a download.
      await Promise.all(
        message.attachments.map((a, i) => {
          const file = entry.files[i]
          return file ? media.put(a.id, file.path, a.filename).catch(() => undefined) : undefined
        }),
      )
      sentAttachmentIds.set(
        entry.localId,
        message.attachments.map((a) => a.id),
      )
      if (sentAttachmentIds.size > 100) sentAttachmentIds.delete(sentAttachmentIds.keys().next().value!)
      sync.store(entry.chatId, [message], [entry.localId])
    },
    onRemoved: (chatId, localId) => events.emit('messagesRemoved', { chatId, messageIds: [localId] }),
    onDamage: deps.onDamage,
    onTransientFailure: (error, nextAttemptAt) =>
      logger.info('send will be retried', {
        error: error.message,
        at: new Date(nextAttemptAt).toISOString(),
      }),
  })

  /** Linq's copy of a message after an edit or reaction, keeping what only this app knows about it. */
  const withLocalFields = (fresh: Message, known: Message): Message => ({
    ...fresh,
    localId: known.localId,
    unread: known.unread,
  })
  const requireChat = (chatId: string) => {
    const chat = cache.chat(chatId)
    if (!chat) throw new AppError('not-found', 'That chat is not in this workspace.')
    return chat
  }
  const requireMessage = (chatId: string, messageId: string): Message => {
    const message = cache.message(chatId, messageId)
    if (!message) throw new AppError('not-found', 'That message is no longer here.')
    return message
  }

  /** Attachment ids are unique across Linq; the renderer only ever holds ids of messages main gave it. */
  const attachmentIndex = new Map<string, Attachment>()
  const findAttachment = (attachmentId: string, chatId?: string): Attachment | null => {
    const known = attachmentIndex.get(attachmentId)
    if (known) return known
    const chatIds = chatId ? [chatId] : cache.loadedChatIds()
    for (const id of chatIds) {
      for (const message of [...cache.messages(id), ...sync.olderThanCache(id)]) {
        for (const a of message.attachments) attachmentIndex.set(a.id, a)
      }
      const found = attachmentIndex.get(attachmentId)
      if (found) return found
    }
    return null
  }
  const resolveAttachment = async (attachmentId: string): Promise<MediaFile | null> => {
    const attachment = findAttachment(attachmentId)
    if (!attachment) return null
    try {
      return await media.resolve(attachment)
    } catch {
      return null
    }
  }
  const requireAttachment = (chatId: string, attachmentId: string): Attachment => {
    const found = findAttachment(attachmentId, chatId)
    if (!found) throw new AppError('not-found', 'That attachment is no longer here.')
    return found
  }

  return {
    workspace,
    cache,
    sync,
    outbox,
    staging,
    media,
    notifications,

    async start(): Promise<void> {
      await staging.clear()
      outbox.start()
      sync.start()
    },

    listChats: () => ({ chats: cache.chats(), unreadTotal: cache.unreadTotal(), drafts: cache.drafts() }),

    async listMessages(chatId: string, limit = 100): Promise<{ messages: Message[]; hasOlder: boolean }> {
      requireChat(chatId)
      await sync.ensureChat(chatId)
      const page = cache.page(chatId, limit)
      return {
        // Unsent messages are newer than anything Linq has: they go last.
        messages: [...page.messages, ...outbox.pending(chatId)],
        hasOlder: page.hasOlderCached || cache.meta(chatId).hasOlder,
      }
    },

    async loadOlderMessages(chatId: string, beforeId: string, limit = 100) {
      requireChat(chatId)
      return sync.loadOlder(chatId, beforeId, limit)
    },

    setActiveChat(chatId: string | null): void {
      if (chatId !== null) {
        requireChat(chatId)
        notifications.clearChat(chatId)
      }
      sync.setActiveChat(chatId)
    },

    async markChatRead(chatId: string): Promise<void> {
      requireChat(chatId)
      await sync.markRead(chatId)
    },

    setDraft(chatId: string, text: string): void {
      requireChat(chatId)
      cache.setDraft(chatId, text)
    },

    async sendMessage(chatId: string, text: string, attachmentIds: string[]): Promise<Message> {
      requireChat(chatId)
      const files = await staging.take(attachmentIds)
      try {
        const message = await outbox.enqueue({ chatId, text, files })
        await staging.release(files)
        cache.setDraft(chatId, '')
        return message
      } catch (error) {
        // Nothing was queued: the files go back to the tray so the user can try again.
        staging.restore(files)
        throw error
      }
    },

    retryMessage: (localId: string) => outbox.retry(localId),
    discardMessage: (localId: string) => outbox.discard(localId),
    cancelMessage: (localId: string) => outbox.cancel(localId),

    async editMessage(chatId: string, messageId: string, text: string): Promise<Message> {
      const known = requireMessage(chatId, messageId)
      if (!known.isFromMe) throw new AppError('validation', 'Only your own messages can be edited.')
      const edited = await client.editMessage(chatId, messageId, text)
      // The edit answers with id and text only; read the message back for edited_at (or stamp it now).
      const fresh = await client
        .getChatMessage(chatId, messageId)
        .catch(() => ({ ...known, text: edited.text, editedAt: new Date().toISOString() }))
      const message = withLocalFields(fresh, known)
      sync.store(chatId, [message])
      return message
    },

    async deleteMessage(chatId: string, messageId: string): Promise<void> {
      const known = requireMessage(chatId, messageId)
      if (!known.isFromMe) throw new AppError('validation', 'Only your own messages can be deleted.')
      await client.deleteMessage(chatId, messageId)
      sync.discard(chatId, [messageId])
    },

    async reactToMessage(
      chatId: string,
      messageId: string,
      type: Parameters<typeof client.reactToMessage>[1],
      operation: 'add' | 'remove',
    ): Promise<Message> {
      const known = requireMessage(chatId, messageId)
      await client.reactToMessage(messageId, type, operation)
      // The reaction call answers with the reaction only: read the message back for its full list.
      const fresh = await client.getChatMessage(chatId, messageId)
      const message = withLocalFields(fresh, known)
      sync.store(chatId, [message])
      return message
    },

    /** A path main chose (the picker) or the Electron preload resolved (a drop); never one from the page. */
    stagePath: (path: string) => staging.stagePath(path),
    stageFileBytes: (input: { name: string; mimeType: string; bytes: Uint8Array }) =>
      staging.stageBytes(input),
    unstageFile: (id: string) => staging.unstage(id),

    /** A local file for an attachment, downloading it once. */
    async attachmentFile(chatId: string, attachmentId: string): Promise<MediaFile> {
      const attachment = requireAttachment(chatId, attachmentId)
      const file = await media.resolve(attachment)
      if (!file) throw new AppError('not-found', 'That attachment is not available.')
      return file
    },
    async saveAttachmentCopy(chatId: string, attachmentId: string, targetDir: string): Promise<string> {
      return media.saveCopy(requireAttachment(chatId, attachmentId), targetDir)
    },

    /** `attachment/<id>`, `staged/<id>` or `outbox/<localId>/<index>` → a file, or null. */
    async resolveMedia(mediaPath: string): Promise<MediaFile | null> {
      const [kind, first, second] = mediaPath.split('/')
      if (kind === 'staged' && first) return staging.resolve(first)
      if (kind === 'outbox' && first && second !== undefined) {
        const file = outbox.file(first, Number(second))
        if (file) return { path: file.path, mimeType: file.mimeType, sizeBytes: file.sizeBytes }
        const sentId = sentAttachmentIds.get(first)?.[Number(second)]
        return sentId ? resolveAttachment(sentId) : null
      }
      if (kind === 'attachment' && first) return resolveAttachment(first)
      return null
    },

    async dispose(): Promise<void> {
      sync.stop()
      await outbox.stop()
      cache.close()
      notifications.dispose()
    },
  }
}

export type WorkspaceServices = ReturnType<typeof openWorkspace>
