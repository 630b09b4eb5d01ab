// The contract's channel names without its schemas, for the preload: a sandboxed preload is parsed in every
// window before the page's first script, and the contract's zod schemas tripled its size for names alone.
// contract.ts stays the one definition: the compiler refuses this list when it misses a channel or names
// one the contract does not have, and test/unit/node/shared/channel-names.test.ts checks the order.
import type { ChannelName, EventName, PreloadChannelName } from './contract'

/** Every invoke channel, in the contract's order. A new channel in contract.ts gets a line here too. */
export const INVOKE_CHANNEL_NAMES = [
  'getAppInfo',
  'reportPresence',
  'openExternal',
  'takeNotices',
  'getSettings',
  'updateSettings',
  'getUpdateStatus',
  'acknowledgeUpdate',
  'installUpdate',
  'takeOpenRequest',
  'getSession',
  'signIn',
  'chooseTokenStorage',
  'startDemo',
  'signOut',
  'listChats',
  'setChatMuted',
  'setActiveChat',
  'markChatRead',
  'setDraft',
  'listMessages',
  'loadOlderMessages',
  'sendMessage',
  'retryMessage',
  'discardMessage',
  'cancelMessage',
  'editMessage',
  'deleteMessage',
  'reactToMessage',
  'pickFiles',
  'stageFileBytes',
  'unstageFile',
  'openAttachment',
  'saveAttachment',
  'showAttachmentInFolder',
  'getSyncStatus',
  'syncNow',
  'findChatWith',
  'createChat',
  'listPendingChats',
  'retryPendingChat',
  'discardPendingChat',
  'checkAvailability',
  'setTyping',
  'shareContactCard',
  'listContacts',
  'refreshContacts',
  'saveContact',
  'getTeamRelay',
  'setTeamRelay',
  'clearTeamRelay',
  'testTeamRelay',
  'searchMessages',
  'messagesAround',
] as const satisfies readonly ChannelName[]

/** Compiles only while the list above names every channel of the contract. */
type Missing = Exclude<ChannelName, (typeof INVOKE_CHANNEL_NAMES)[number]>
export const everyChannelListed: [Missing] extends [never] ? true : Missing = true

/** The IPC channel string for a contract name (Electron ipcMain/ipcRenderer). */
export const ipcChannel = (name: ChannelName | EventName): string => `linq:${name}`
/** The preload's own channels, apart from the contract's. */
export const preloadIpcChannel = (name: PreloadChannelName): string => `linq-preload:${name}`
