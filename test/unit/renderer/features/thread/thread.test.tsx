import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Thread } from '../../../../../src/renderer/features/thread/Thread'
import {
  FIRST_PAGE,
  THREAD_DATA_MARK,
  THREAD_PAINTED_MARK,
} from '../../../../../src/renderer/state/actions/thread'
import { rowKeyOf, useMessagesStore } from '../../../../../src/renderer/state/messages'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import type { Message } from '../../../../../src/shared/domain'
import { at, makeChat, makeMessage } from '../../fake-linq'
import { openLoaded, startSignedIn, threadVisible } from '../../harness'

const CUSTOMER = '+14155550101'
const chat = makeChat({
  id: 'c1',
  title: 'Ann Lee',
  participants: [{ id: 'p1', handle: CUSTOMER, service: 'iMessage' }],
  lastActivityAt: at(30),
})
const group = makeChat({
  id: 'g1',
  title: 'Dev team',
  isGroup: true,
  participants: [
    { id: 'p2', handle: '+16175550111', service: 'iMessage' },
    { id: 'p3', handle: '+16175550112', service: 'SMS' },
  ],
  lastActivityAt: at(30),
})

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

async function showThread(chatId: string, messages: Message[]) {
  const started = await startSignedIn({ chats: [chat, group], messages })
  disconnect = started.disconnect
  await openLoaded(chatId)
  render(<Thread chatId={chatId} />)
  await threadVisible()
  return started.fake
}

const rows = () => screen.getAllByTestId('message')
const row = (id: string) => rows().find((el) => el.dataset.messageId === id)!

describe('thread bubbles', () => {
  it('groups runs from one sender, separates days and puts own messages on the right', async () => {
    await showThread('c1', [
      makeMessage({ id: 'a', chatId: 'c1', text: 'Hi', sentAt: at(0) }),
      makeMessage({ id: 'b', chatId: 'c1', text: 'Are you open today?', sentAt: at(1) }),
      makeMessage({ id: 'c', chatId: 'c1', text: 'Yes, until 6', isFromMe: true, sentAt: at(2) }),
      makeMessage({ id: 'd', chatId: 'c1', text: 'Later that day', sentAt: at(200) }),
      makeMessage({ id: 'e', chatId: 'c1', text: 'Next morning', sentAt: at(24 * 60) }),
    ])
    expect(rows().map((el) => el.dataset.messageId)).toEqual(['a', 'b', 'c', 'd', 'e'])
    const startsGroup = (id: string) => row(id).classList.contains('message--starts-group')
    expect([
      startsGroup('a'),
      startsGroup('b'),
      startsGroup('c'),
      startsGroup('d'),
      startsGroup('e'),
    ]).toEqual([
      true,
      false, // same sender a minute later
      true, // another sender
      true, // same sender as before 'c' but over the gap
      true,
    ])
    expect(row('c')).toHaveClass('message--own')
    expect(row('a')).toHaveClass('message--other')
    // One separator on the first day, one on the next.
    expect(document.querySelectorAll('.day-separator')).toHaveLength(2)
  })

  it('names the sender once per run in a group chat', async () => {
    await showThread('g1', [
      makeMessage({ id: 'g_a', chatId: 'g1', from: '+16175550111', text: 'One', sentAt: at(0) }),
      makeMessage({ id: 'g_b', chatId: 'g1', from: '+16175550111', text: 'Two', sentAt: at(1) }),
      makeMessage({ id: 'g_c', chatId: 'g1', from: '+16175550112', text: 'Three', sentAt: at(2) }),
    ])
    expect(document.querySelectorAll('.message__sender')).toHaveLength(2)
    expect(row('g_a')).toHaveTextContent('(617) 555-0111')
    expect(row('g_c')).toHaveTextContent('(617) 555-0112')
    // The header lists the participants with their services.
    const participants = screen.getByRole('list', { name: 'Participants' })
    expect(participants).toHaveTextContent('(617) 555-0112SMS')
  })

  it('shows the delivery state of own messages', async () => {
    await showThread('c1', [
      makeMessage({ id: 's1', chatId: 'c1', text: 'sent', isFromMe: true, status: 'sent', sentAt: at(0) }),
      makeMessage({
        id: 's2',
        chatId: 'c1',
        text: 'delivered',
        isFromMe: true,
        status: 'delivered',
        sentAt: at(1),
      }),
      makeMessage({ id: 's3', chatId: 'c1', text: 'read', isFromMe: true, status: 'read', sentAt: at(2) }),
      makeMessage({
        id: 'local_9',
        localId: 'local_9',
        chatId: 'c1',
        text: 'photo',
        isFromMe: true,
        status: 'sending',
        upload: { sentBytes: 512, totalBytes: 2048 },
        sentAt: at(3),
      }),
    ])
    expect(row('s1')).toHaveAttribute('data-status', 'sent')
    expect(within(row('s1')).getByRole('img', { name: 'Sent' })).toBeInTheDocument()
    expect(within(row('s2')).getByRole('img', { name: 'Delivered' })).toBeInTheDocument()
    expect(within(row('s3')).getByRole('img', { name: 'Read' })).toBeInTheDocument()
    const sending = row('local_9')
    expect(within(sending).getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute(
      'value',
      '25',
    )
    expect(within(sending).getByRole('button', { name: 'Cancel' })).toBeInTheDocument()
  })

  it('moves the upload bar with uploadProgress events, and Cancel keeps the message as failed', async () => {
    const fake = await showThread('c1', [
      makeMessage({
        id: 'local_4',
        localId: 'local_4',
        chatId: 'c1',
        isFromMe: true,
        status: 'sending',
        upload: { sentBytes: 0, totalBytes: 4000 },
        sentAt: at(3),
      }),
    ])
    const user = userEvent.setup()
    act(() =>
      fake.emit('uploadProgress', { chatId: 'c1', localId: 'local_4', sentBytes: 3000, totalBytes: 4000 }),
    )
    expect(within(row('local_4')).getByRole('progressbar')).toHaveAttribute('value', '75')
    await user.click(within(row('local_4')).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(row('local_4')).toHaveAttribute('data-status', 'failed'))
    expect(row('local_4')).toHaveTextContent('Not sent: You cancelled the upload.')
    expect(within(row('local_4')).getByRole('button', { name: 'Retry' })).toBeInTheDocument()
    expect(within(row('local_4')).queryByRole('progressbar')).toBeNull()
  })

  it('marks the thread painted after its data arrived (benchmark marks)', async () => {
    performance.clearMarks()
    performance.clearMeasures()
    await showThread('c1', [makeMessage({ id: 'a', chatId: 'c1', text: 'Hi' })])
    expect(performance.getEntriesByName(THREAD_DATA_MARK)).toHaveLength(1)
    await waitFor(() => expect(performance.getEntriesByName(THREAD_PAINTED_MARK)).toHaveLength(1))
    expect(performance.getEntriesByName('linq:thread-open')).toHaveLength(1)
  })

  it('shows a failed message with its reason, and Retry / Discard act on it', async () => {
    const failed = makeMessage({
      id: 'local_1',
      localId: 'local_1',
      chatId: 'c1',
      text: 'This did not go',
      isFromMe: true,
      status: 'failed',
      failure: { message: 'Linq says this number cannot receive messages.', retryable: true },
      sentAt: at(5),
    })
    const failed2 = { ...failed, id: 'local_2', localId: 'local_2', text: 'Neither did this', sentAt: at(6) }
    await showThread('c1', [failed, failed2])
    const user = userEvent.setup()
    const bubble = row('local_1')
    expect(bubble).toHaveAttribute('data-status', 'failed')
    expect(bubble).toHaveTextContent('Not sent: Linq says this number cannot receive messages.')

    await user.click(within(bubble).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(row('local_1')).toHaveAttribute('data-status', 'queued'))
    expect(within(row('local_1')).queryByRole('button', { name: 'Retry' })).toBeNull()

    await user.click(within(row('local_2')).getByRole('button', { name: 'Discard' }))
    await waitFor(() => expect(rows().map((el) => el.dataset.messageId)).toEqual(['local_1']))
  })

  it('marks edited messages and aggregates reactions with counts and who reacted', async () => {
    await showThread('c1', [
      makeMessage({
        id: 'm1',
        chatId: 'c1',
        text: 'Fixed the typo',
        editedAt: at(3),
        sentAt: at(2),
        reactions: [
          { id: 'r1', type: 'love', isFromMe: false, from: CUSTOMER, sentAt: at(3) },
          { id: 'r2', type: 'love', isFromMe: true, from: '+14155550100', sentAt: at(3) },
          { id: 'r3', type: 'like', isFromMe: false, from: CUSTOMER, sentAt: at(4) },
        ],
      }),
    ])
    const bubble = row('m1')
    expect(within(bubble).getByText('Edited')).toBeInTheDocument()
    const reactions = within(bubble).getByRole('list', { name: 'Reactions' })
    const chips = within(reactions).getAllByRole('button')
    expect(chips).toHaveLength(2)
    expect(chips[0]).toHaveAttribute('title', 'Love (2): You and (415) 555-0101')
    expect(chips[0]).toHaveAccessibleName('Love, 2: You and (415) 555-0101')
    expect(chips[0]).toHaveTextContent('2')
    expect(chips[0]).toHaveAttribute('aria-pressed', 'true')
    expect(chips[1]).toHaveAttribute('title', 'Like (1): (415) 555-0101')
    expect(chips[1]).toHaveAccessibleName('Like (1): (415) 555-0101')
    expect(chips[1]).toHaveAttribute('aria-pressed', 'false')
  })

  it('opens links through main and only https/mailto become links', async () => {
    const fake = await showThread('c1', [
      makeMessage({
        id: 'm1',
        chatId: 'c1',
        text: 'Docs: https://linqapp.com/docs. Not this: http://example.com or file:///etc/passwd',
      }),
    ])
    const user = userEvent.setup()
    const links = within(row('m1')).getAllByRole('link')
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://linqapp.com/docs'])
    await user.click(links[0]!)
    expect(fake.callsOf('openExternal')).toEqual([{ url: 'https://linqapp.com/docs' }])
  })

  it('reserves the image box from its size and moves between images in the lightbox', async () => {
    const image = (id: string, n: number) => ({
      id,
      filename: `photo-${n}.jpg`,
      mimeType: 'image/jpeg',
      sizeBytes: 1000,
      src: `/media/attachment/c1/${id}`,
      remoteUrl: null,
      width: 1200,
      height: 800,
    })
    await showThread('c1', [
      makeMessage({ id: 'm1', chatId: 'c1', attachments: [image('a1', 1)], sentAt: at(1) }),
      makeMessage({ id: 'm2', chatId: 'c1', attachments: [image('a2', 2)], sentAt: at(2) }),
    ])
    const user = userEvent.setup()
    const first = within(row('m1')).getByRole('button', { name: 'View image photo-1.jpg' })
    expect(first.querySelector('img')).toHaveAttribute('width', '240')
    expect(first.querySelector('img')).toHaveAttribute('height', '160')

    await user.click(first)
    const dialog = await screen.findByRole('dialog', { name: 'photo-1.jpg' })
    expect(within(dialog).getByRole('img', { name: 'photo-1.jpg' })).toBeInTheDocument()
    await user.keyboard('{ArrowRight}')
    expect(await screen.findByRole('dialog', { name: 'photo-2.jpg' })).toHaveTextContent('2 of 2')
    await user.keyboard('{ArrowLeft}')
    expect(await screen.findByRole('dialog', { name: 'photo-1.jpg' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('offers Open, Save to Downloads and Show in folder for files', async () => {
    const fake = await showThread('c1', [
      makeMessage({
        id: 'm1',
        chatId: 'c1',
        attachments: [
          {
            id: 'f1',
            filename: 'contract.pdf',
            mimeType: 'application/pdf',
            sizeBytes: 2_500_000,
            src: '/media/attachment/c1/f1',
            remoteUrl: null,
          },
        ],
      }),
    ])
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /^Open contract\.pdf/ }))
    await user.click(screen.getByRole('button', { name: 'Save contract.pdf to Downloads' }))
    await user.click(screen.getByRole('button', { name: 'Show contract.pdf in folder' }))
    expect(fake.callsOf('openAttachment')).toEqual([{ chatId: 'c1', attachmentId: 'f1' }])
    expect(fake.callsOf('saveAttachment')).toEqual([{ chatId: 'c1', attachmentId: 'f1' }])
    expect(fake.callsOf('showAttachmentInFolder')).toEqual([{ chatId: 'c1', attachmentId: 'f1' }])
    await waitFor(() =>
      expect(useUiStore.getState().notices.map((n) => n.message)).toContain(
        'Saved to /home/user/Downloads/f1',
      ),
    )
  })

  it('a program a customer sent is not opened: main shows it in its folder and the reason stays on screen', async () => {
    const fake = await showThread('c1', [
      makeMessage({
        id: 'm1',
        chatId: 'c1',
        attachments: [
          {
            id: 'f9',
            filename: 'invoice.exe',
            mimeType: 'application/octet-stream',
            sizeBytes: 50_000,
            src: '/media/attachment/c1/f9',
            remoteUrl: null,
          },
        ],
      }),
    ])
    const reason = 'invoice.exe looks like a program or script (.exe), so it was not opened.'
    fake.openAnswer = { opened: false, reason }
    await userEvent.setup().click(screen.getByRole('button', { name: /^Open invoice\.exe/ }))
    await waitFor(() =>
      expect(useUiStore.getState().notices).toContainEqual(
        expect.objectContaining({ level: 'error', message: reason }),
      ),
    )
  })

  it('keeps the row of an own message when Linq replaces its local id (messagesUpserted.replacedIds)', async () => {
    const local = makeMessage({
      id: 'local_5',
      localId: 'local_5',
      chatId: 'c1',
      text: 'On my way',
      isFromMe: true,
      status: 'sending',
      sentAt: at(10),
    })
    const fake = await showThread('c1', [
      makeMessage({ id: 'm0', chatId: 'c1', text: 'Hello', sentAt: at(0) }),
      local,
    ])
    const keysBefore = useMessagesStore.getState().threads.c1!.keys
    const element = row('local_5')

    // Linq's copy comes back without our local id: it takes over the local row.
    const server = { ...local, id: 'srv_77', localId: null, status: 'sent' as const }
    act(() => fake.emit('messagesUpserted', { chatId: 'c1', messages: [server], replacedIds: ['local_5'] }))

    const thread = useMessagesStore.getState().threads.c1!
    expect(thread.keys).toEqual(keysBefore)
    expect(rowKeyOf(thread, 'srv_77')).toBe('local_5')
    expect(rows().map((el) => el.dataset.messageId)).toEqual(['m0', 'srv_77'])
    // Same element, updated in place: no flicker.
    expect(row('srv_77')).toBe(element)
    expect(row('srv_77')).toHaveAttribute('data-status', 'sent')
  })

  it('drops replaced local rows that no incoming message takes over', async () => {
    const local = makeMessage({
      id: 'local_6',
      localId: 'local_6',
      chatId: 'c1',
      text: 'x',
      isFromMe: true,
      status: 'queued',
    })
    const fake = await showThread('c1', [local])
    const inbound = makeMessage({ id: 'srv_1', chatId: 'c1', text: 'Reply', sentAt: at(20) })
    act(() => fake.emit('messagesUpserted', { chatId: 'c1', messages: [inbound], replacedIds: ['local_6'] }))
    expect(rows().map((el) => el.dataset.messageId)).toEqual(['srv_1'])
  })

  it('announces inbound messages to screen readers once', async () => {
    const fake = await showThread('c1', [
      makeMessage({ id: 'm0', chatId: 'c1', text: 'Hello', sentAt: at(0) }),
    ])
    act(() => fake.receive(makeMessage({ id: 'm1', chatId: 'c1', text: 'Are you there?', sentAt: at(1) })))
    expect(await screen.findByText('New message from Ann Lee: Are you there?')).toBeInTheDocument()
    expect(rows()).toHaveLength(2)
  })
})

describe('thread keyboard', () => {
  it('moves focus between messages with Up/Down from the message list', async () => {
    await showThread('c1', [
      makeMessage({ id: 'a', chatId: 'c1', text: 'one', sentAt: at(0) }),
      makeMessage({ id: 'b', chatId: 'c1', text: 'two', sentAt: at(1) }),
    ])
    const list = screen.getByRole('region', { name: 'Messages with Ann Lee' })
    list.focus()
    fireEvent.keyDown(list, { key: 'ArrowUp' })
    expect(document.activeElement).toBe(row('b'))
    fireEvent.keyDown(row('b'), { key: 'ArrowUp' })
    expect(document.activeElement).toBe(row('a'))
    fireEvent.keyDown(row('a'), { key: 'ArrowDown' })
    expect(document.activeElement).toBe(row('b'))
  })

  it('loads the page before the oldest row once it is in view; a failed load says so and can be retried', async () => {
    const history = Array.from({ length: FIRST_PAGE + 20 }, (_, i) =>
      makeMessage({ id: `h${i}`, chatId: 'c1', text: `Message ${i}`, sentAt: at(i) }),
    )
    const started = await startSignedIn({ chats: [chat, group], messages: history })
    disconnect = started.disconnect
    const fake = started.fake
    fake.failNext('loadOlderMessages')
    await openLoaded('c1')
    render(<Thread chatId="c1" />)
    await threadVisible()
    // Every row fits the (test) viewport, so the oldest loaded one is in view at once.
    const retry = await screen.findByRole('button', { name: 'Try again' })
    expect(screen.getByRole('alert')).toHaveTextContent('Linq could not be reached')
    fireEvent.click(retry)
    await screen.findByText('This is the beginning of the conversation.')
    expect(rows()[0]!.dataset.messageId).toBe('h0')
    expect(rows()).toHaveLength(FIRST_PAGE + 20)
    expect(fake.callsOf('loadOlderMessages')).toHaveLength(2)
  })

  it('says so when a chat has no messages yet', async () => {
    const started = await startSignedIn({ chats: [chat, group], messages: [] })
    disconnect = started.disconnect
    await openLoaded('c1')
    render(<Thread chatId="c1" />)
    expect(screen.getByText('No messages yet. Write the first one below.')).toBeInTheDocument()
  })
})
