// The shapes of the domain objects the app keeps on disk (cache, settings, the remembered workspace), for
// reading them back (persist/documents.ts). Each is typed against the domain type, so the two cannot drift.
import { z } from 'zod'
import { isRegionCode } from '../phone'
import {
  DND_FOREVER,
  MESSAGE_STATUSES,
  REACTION_TYPES,
  SERVICES,
  type Attachment,
  type Chat,
  type Message,
  type PhoneNumber,
  type Settings,
  type Workspace,
} from '../../../shared/domain'

const text = z.string().max(1_000_000)
const id = z.string().min(1).max(256)
const time = z.string().max(64)
const count = z.number().int().nonnegative()

export const phoneNumberSchema: z.ZodType<PhoneNumber> = z.object({
  id,
  number: z.string().max(64),
  forwardingNumber: z.string().max(64).nullable(),
})

export const chatSchema: z.ZodType<Chat> = z.object({
  id,
  phoneNumber: z.string().max(64),
  title: text,
  service: z.enum(SERVICES).nullable(),
  isGroup: z.boolean(),
  participants: z.array(z.object({ id, handle: text, service: z.enum(SERVICES).nullable() })),
  messageCount: count,
  lastMessage: z
    .object({ text, isFromMe: z.boolean(), sentAt: time, attachmentSummary: text.nullable() })
    .nullable(),
  lastActivityAt: time.nullable(),
  unreadCount: count,
})

const attachmentSchema: z.ZodType<Attachment> = z.object({
  id,
  filename: text,
  mimeType: z.string().max(255),
  sizeBytes: count,
  src: text,
  remoteUrl: text.nullable(),
  width: count.optional(),
  height: count.optional(),
})

export const messageSchema: z.ZodType<Message> = z.object({
  id,
  chatId: id,
  localId: id.nullable(),
  text,
  sentAt: time,
  isFromMe: z.boolean(),
  from: text,
  status: z.enum(MESSAGE_STATUSES),
  failure: z.object({ message: text, retryable: z.boolean() }).nullable(),
  upload: z.object({ sentBytes: count, totalBytes: count }).nullable(),
  editedAt: time.nullable(),
  unread: z.boolean().optional(),
  attachments: z.array(attachmentSchema),
  reactions: z.array(
    z.object({ id, type: z.enum(REACTION_TYPES), isFromMe: z.boolean(), from: text, sentAt: time }),
  ),
})

export const chatMetaSchema = z.object({ syncedCount: count.nullable(), hasOlder: z.boolean() })

export const settingsSchema: z.ZodType<Settings> = z.object({
  notificationsEnabled: z.boolean(),
  notificationPreviews: z.boolean(),
  doNotDisturbUntil: z.number().int().min(0).max(DND_FOREVER).nullable(),
  keepRunningInTray: z.boolean(),
  launchAtLogin: z.boolean(),
  updateFeedUrl: z
    .url({ protocol: /^https$/ })
    .max(2048)
    .nullable(),
  phoneRegion: z
    .string()
    .refine((r) => isRegionCode(r))
    .nullable(),
})

export const workspaceSchema: z.ZodType<Workspace> = z.object({
  id,
  kind: z.enum(['demo', 'linq']),
  name: text,
  baseUrl: z.url({ protocol: /^https?$/ }),
  phoneNumbers: z.array(phoneNumberSchema),
})
