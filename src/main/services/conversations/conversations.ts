// Conversations: new chats and groups (find-or-create through a durable queue), iMessage availability,
// contacts and the typing indicator, for one open workspace. workspace.ts wires it in a few lines; the
// operations here are what OpenWorkspace's ConversationOperations offers.
import type { ChannelResult } from '../../../shared/contract'
import type { Chat, ContactCard, PendingChat, Reachability, Settings } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { errorMessage } from '../../../shared/error-message'
import { formatPhone, parsePhone, phoneDigits, sameNumber, userRegion } from '../phone'
import type { WorkspaceCache } from '../cache/cache'
import type { StoreEngine } from '../cache/engine'
import type { EventHub } from '../events'
import type { LinqClient } from '../linq-api'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import type { MessageWrites } from '../sync/writes'
import { createAvailability } from './availability'
import { createContacts, type ContactSave } from './contacts'
import { createNewChats } from './new-chats'

export interface ConversationOperations {
  findChatWith(from: string, to: string[]): Promise<ChannelResult<'findChatWith'>>
  createChat(input: { from: string; to: string[]; displayName: string | null; text: string }): PendingChat
  listPendingChats(): PendingChat[]
  retryPendingChat(localId: string): void
  discardPendingChat(localId: string): Promise<void>
  checkAvailability(phoneNumbers: string[]): Record<string, Reachability>
  setTyping(chatId: string, typing: boolean): Promise<void>
  shareContactCard(chatId: string): Promise<void>
  listContacts(): ContactCard[]
  refreshContacts(): Promise<ContactCard[]>
  saveContact(input: ContactSave): Promise<ContactCard>
}

export interface ConversationDeps {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  events: EventHub
  cache: WorkspaceCache
  writes: MessageWrites
  /** Patient client (sends, creations): retries under idempotency keys. */
  client: LinqClient
  /** Quick client (checks, finds, typing): gives up fast, so offline answers come soon. */
  quickClient: LinqClient
  ownNumbers(): string[]
  settings(): Settings
}

/** The cached chat of `from` with exactly the recipients `to`. */
function cachedChat(chats: readonly Chat[], from: string, to: readonly string[]): Chat | null {
  const wanted = [...new Set(to.map(phoneDigits))].sort().join('|')
  return (
    chats.find(
      (c) =>
        sameNumber(c.phoneNumber, from) &&
        c.participants
          .map((p) => phoneDigits(p.handle))
          .sort()
          .join('|') === wanted,
    ) ?? null
  )
}

export function createConversations(deps: ConversationDeps) {
  const { events, cache, writes, logger } = deps
  const newChats = createNewChats({
    ...deps,
    onCreated(localId, chat, message) {
      writes.putChats([chat], [])
      writes.store(chat.id, [message])
      events.emit('pendingChatCreated', { localId, chatId: chat.id })
    },
    onChange: (pending) => events.emit('pendingChatsChanged', { pending }),
  })
  const availability = createAvailability({
    client: deps.quickClient,
    logger,
    onChange: (results) => events.emit('availabilityChanged', results),
  })
  const contacts = createContacts({
    ...deps,
    client: deps.client,
    onChange: (list) => events.emit('contactsChanged', { contacts: list }),
  })

  const checkRecipients = (from: string, to: string[]) => {
    if (!deps.ownNumbers().some((n) => sameNumber(n, from)))
      throw new AppError('validation', 'Choose one of your Linq numbers to send from.')
    for (const number of to) {
      if (!parsePhone(number, 'US').ok) throw new AppError('validation', `${number} is not a valid number.`)
      if (deps.ownNumbers().some((n) => sameNumber(n, number)))
        throw new AppError('validation', `${number} is one of your own Linq numbers.`)
    }
  }
  const iMessageChat = (chatId: string) => {
    const chat = cache.chat(chatId)
    if (!chat) throw new AppError('not-found', 'That chat is not in this workspace.')
    return chat.service === 'iMessage'
  }

  const operations: ConversationOperations = {
    async findChatWith(from, to) {
      checkRecipients(from, to)
      const cached = cachedChat(cache.chats(), from, to)
      if (cached) return { chatId: cached.id }
      try {
        const found = await deps.quickClient.findChat(from, to)
        if (!found) return { chatId: null }
        writes.putChats([found], [])
        return { chatId: found.id }
      } catch (error) {
        // Offline: the queue finds again before it creates, so nothing is duplicated.
        logger.info('findChat failed', { error: errorMessage(error) })
        return { chatId: null }
      }
    },
    createChat(input) {
      checkRecipients(input.from, input.to)
      return newChats.enqueue({
        ...input,
        displayName: input.to.length > 1 ? input.displayName || null : null,
      })
    },
    listPendingChats: () => newChats.list(),
    retryPendingChat: (localId) => newChats.retry(localId),
    discardPendingChat: (localId) => newChats.discard(localId),
    checkAvailability: (phoneNumbers) => availability.check(phoneNumbers),
    async setTyping(chatId, typing) {
      // Linq shows typing for iMessage chats only.
      if (!iMessageChat(chatId)) return
      try {
        if (typing) await deps.quickClient.startTypingIndicator(chatId)
        else await deps.quickClient.stopTypingIndicator(chatId)
      } catch (error) {
        // A missed indicator is not worth the user's attention.
        logger.debug('typing indicator failed', { error: errorMessage(error) })
      }
    },
    async shareContactCard(chatId) {
      iMessageChat(chatId)
      await deps.client.shareContactCard(chatId)
    },
    listContacts: () => contacts.list(),
    refreshContacts: () => contacts.refresh(),
    saveContact: (input) => contacts.save(input),
  }

  return {
    operations,
    start(): void {
      newChats.start()
      contacts.start()
    },
    /** A sender as notifications name them: the contact's name, else the number in the user's format. */
    nameOf(handle: string): string {
      const contact = contacts.byNumber(handle)
      if (contact?.name) return contact.name
      return formatPhone(handle, userRegion(deps.settings().phoneRegion))
    },
    /** The connection works again: queued chats go out and failed availability checks run again. */
    nudge(): void {
      newChats.nudge()
      availability.recheckUnknown()
    },
    idle: () => newChats.idle(),
    async stop(): Promise<void> {
      availability.stop()
      contacts.stop()
      await newChats.stop()
    },
  }
}
