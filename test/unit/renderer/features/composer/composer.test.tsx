import { act, createEvent, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Workspace } from '../../../../../src/renderer/features/workspace/Workspace'
import { openChat } from '../../../../../src/renderer/state/actions/thread'
import { DRAFT_SAVE_MS } from '../../../../../src/renderer/state/drafts'
import { useSessionStore } from '../../../../../src/renderer/state/session'
import { LIMITS } from '../../../../../src/shared/domain'
import { at, makeChat, makeMessage, type FakeLinq } from '../../fake-linq'
import { startSignedIn, threadVisible } from '../../harness'

const appInfo = {
  name: 'Linq',
  version: '0.1.0',
  platform: 'linux',
  runtime: 'web-bridge',
  dataDirKind: 'temporary',
} as const
const ann = makeChat({ id: 'c_ann', title: 'Ann Lee', lastActivityAt: at(20) })
const bob = makeChat({ id: 'c_bob', title: 'Bob Stone', lastActivityAt: at(10), service: 'SMS' })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

async function setup(drafts: Record<string, string> = {}): Promise<FakeLinq> {
  const started = await startSignedIn({
    chats: [ann, bob],
    messages: [makeMessage({ id: 'm0', chatId: 'c_ann', text: 'Hello there', sentAt: at(0) })],
    drafts,
  })
  disconnect = started.disconnect
  render(<Workspace />)
  act(() => openChat('c_ann'))
  await threadVisible()
  return started.fake
}

const field = () => screen.getByRole('textbox', { name: 'Message' })
const messageTexts = () =>
  screen.getAllByTestId('message').map((el) => el.querySelector('.bubble__text')?.textContent)

function file(name: string, type: string, size = 3): File {
  return new File([new Uint8Array(size)], name, { type })
}

describe('composer', () => {
  it('Enter sends: the message shows at once and the field empties', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    expect(field()).toHaveFocus()
    await user.type(field(), '  Your order shipped  {Enter}')
    expect(field()).toHaveValue('')
    await waitFor(() => expect(messageTexts()).toEqual(['Hello there', 'Your order shipped']))
    expect(fake.callsOf('sendMessage')).toEqual([
      { chatId: 'c_ann', text: 'Your order shipped', attachmentIds: [] },
    ])
    const sent = screen.getAllByTestId('message').at(-1)!
    expect(sent).toHaveAttribute('data-status', 'queued')
    // main also reports the queued message as an event: still one row.
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(2))
  })

  it('Shift+Enter adds a new line instead of sending', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    await user.type(field(), 'Line one{Shift>}{Enter}{/Shift}Line two')
    expect(field()).toHaveValue('Line one\nLine two')
    expect(fake.callsOf('sendMessage')).toEqual([])
    await user.keyboard('{Enter}')
    await waitFor(() =>
      expect(fake.callsOf('sendMessage')).toEqual([
        { chatId: 'c_ann', text: 'Line one\nLine two', attachmentIds: [] },
      ]),
    )
  })

  it('never sends whitespace alone', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    await user.type(field(), '   {Shift>}{Enter}{/Shift}  {Enter}')
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    expect(fake.callsOf('sendMessage')).toEqual([])
    expect(screen.getAllByTestId('message')).toHaveLength(1)
  })

  it('says how much to remove past the length limit and does not send', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    fireEvent.change(field(), { target: { value: 'x'.repeat(LIMITS.maxTextLength + 2) } })
    expect(screen.getByRole('alert')).toHaveTextContent('Remove 2 characters to send.')
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    await user.type(field(), '{Enter}')
    expect(fake.callsOf('sendMessage')).toEqual([])
  })

  it('keeps a draft per chat when switching, and saves it to main', async () => {
    const fake = await setup({ c_bob: 'Saved from last time' })
    const user = userEvent.setup()
    await user.type(field(), 'Half-written reply')
    await user.click(screen.getByRole('button', { name: /Bob Stone/ }))
    await screen.findByRole('heading', { name: 'Bob Stone', level: 2 })
    // Switching saved Ann's draft at once instead of waiting for the debounce.
    await waitFor(() => expect(fake.drafts.c_ann).toBe('Half-written reply'))
    expect(field()).toHaveValue('Saved from last time')
    // The other chat's row shows its draft.
    expect(screen.getByRole('button', { name: /Ann Lee/ })).toHaveTextContent('Draft: Half-written reply')

    await user.clear(field())
    await user.type(field(), 'New text for Bob')
    await user.click(screen.getByRole('button', { name: /Ann Lee/ }))
    await screen.findByRole('heading', { name: 'Ann Lee', level: 2 })
    expect(field()).toHaveValue('Half-written reply')
    await waitFor(() => expect(fake.drafts.c_bob).toBe('New text for Bob'), { timeout: DRAFT_SAVE_MS * 4 })
  })

  it('shows a file main refuses next to its name in the tray, and never sends it', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    const dropZone = screen.getByTestId('drop-zone')
    const files = [file('setup.exe', 'application/x-msdownload'), file('notes.txt', 'text/plain', 2048)]
    fireEvent.dragEnter(dropZone, { dataTransfer: { types: ['Files'], files } })
    expect(dropZone).toHaveAttribute('data-active', 'true')
    expect(within(dropZone).getByText('Drop files to send to Ann Lee')).toBeInTheDocument()
    fireEvent.drop(dropZone, { dataTransfer: { types: ['Files'], files } })
    expect(dropZone).toHaveAttribute('data-active', 'false')

    await waitFor(() =>
      expect(screen.getAllByTestId('staged-file').map((el) => el.dataset.state)).toEqual(['failed', 'ready']),
    )
    const [refused, ready] = screen.getAllByTestId('staged-file')
    expect(refused).toHaveTextContent('setup.exe')
    expect(within(refused!).getByRole('alert')).toHaveTextContent('This kind of file cannot be sent.')
    expect(ready).toHaveTextContent('notes.txt')
    expect(ready).toHaveTextContent('2.0 KB')

    // The text is the caption; only the accepted file goes.
    await user.type(field(), 'Notes attached{Enter}')
    await waitFor(() => expect(fake.callsOf('sendMessage')).toHaveLength(1))
    expect(fake.callsOf('sendMessage')[0]).toEqual({
      chatId: 'c_ann',
      text: 'Notes attached',
      attachmentIds: ['stg_1'],
    })
    // The refused file stays in the tray until the user removes it.
    await waitFor(() => expect(screen.getAllByTestId('staged-file')).toHaveLength(1))
    await user.click(screen.getByRole('button', { name: 'Remove setup.exe' }))
    expect(screen.queryByTestId('staged-file')).toBeNull()
  })

  it('stages a pasted image as bytes and shows its thumbnail; removing it unstages it in main', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    const image = file('', 'image/png', 10)
    const paste = createEvent.paste(field(), { clipboardData: { files: [image], types: ['Files'] } })
    fireEvent(field(), paste)
    expect(paste.defaultPrevented).toBe(true)
    const item = await screen.findByTestId('staged-file')
    await waitFor(() => expect(item).toHaveAttribute('data-state', 'ready'))
    expect(item).toHaveTextContent('Pasted image.png')
    expect(item.querySelector('img')).toHaveAttribute('src', '/media/staged/stg_1')
    expect(fake.callsOf('stageFileBytes')).toEqual([
      { name: 'Pasted image.png', mimeType: 'image/png', bytes: new Uint8Array(10) },
    ])

    // With only a file, Enter sends it without text.
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled()
    await user.click(screen.getByRole('button', { name: 'Remove Pasted image.png' }))
    expect(fake.callsOf('unstageFile')).toEqual([{ id: 'stg_1' }])
    expect(fake.staged.size).toBe(0)
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
  })

  it('adds files from the file picker', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!
    await user.upload(input, file('photo.jpg', 'image/jpeg', 5))
    await waitFor(() => expect(screen.getByTestId('staged-file')).toHaveAttribute('data-state', 'ready'))
    await user.click(field())
    await user.keyboard('{Enter}')
    await waitFor(() =>
      expect(fake.callsOf('sendMessage')).toEqual([{ chatId: 'c_ann', text: '', attachmentIds: ['stg_1'] }]),
    )
    await waitFor(() => expect(screen.queryByTestId('staged-file')).toBeNull())
  })

  it('in the Electron app the paperclip asks main for its picker; the page never names a path', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    act(() => useSessionStore.getState().setAppInfo({ ...appInfo, runtime: 'electron' }))
    fake.picks = ['contract.pdf', 'setup.exe']
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!
    let inputOpened = false
    input.addEventListener('click', () => (inputOpened = true))
    await user.click(screen.getByRole('button', { name: 'Attach files' }))
    await waitFor(() => expect(screen.getAllByTestId('staged-file')).toHaveLength(2))
    expect(inputOpened).toBe(false)
    expect(fake.callsOf('pickFiles')).toEqual([{}])
    const [ready, refused] = screen.getAllByTestId('staged-file')
    expect(ready).toHaveAttribute('data-state', 'ready')
    expect(ready).toHaveTextContent('contract.pdf')
    expect(refused).toHaveAttribute('data-state', 'failed')
    // Cancelling the picker adds nothing.
    await user.click(screen.getByRole('button', { name: 'Attach files' }))
    await waitFor(() => expect(fake.callsOf('pickFiles')).toHaveLength(2))
    expect(screen.getAllByTestId('staged-file')).toHaveLength(2)
  })
})

describe('staging limits checked before reading the file', () => {
  it('refuses a file over the size limit without sending its bytes to main', async () => {
    const fake = await setup()
    const huge = file('raw-video.mov', 'video/quicktime')
    Object.defineProperty(huge, 'size', { value: LIMITS.maxAttachmentBytes + 1 })
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { types: ['Files'], files: [huge] } })
    const item = await screen.findByTestId('staged-file')
    expect(within(item).getByRole('alert')).toHaveTextContent('files can be at most 100 MB')
    expect(fake.callsOf('stageFileBytes')).toEqual([])
  })

  it(`refuses files past ${LIMITS.maxFilesPerMessage} per message, each with the reason`, async () => {
    await setup()
    const files = Array.from({ length: LIMITS.maxFilesPerMessage + 2 }, (_, i) =>
      file(`f${i}.txt`, 'text/plain'),
    )
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { types: ['Files'], files } })
    await waitFor(() =>
      expect(screen.getAllByTestId('staged-file').filter((el) => el.dataset.state === 'ready')).toHaveLength(
        LIMITS.maxFilesPerMessage,
      ),
    )
    const refused = screen.getAllByTestId('staged-file').filter((el) => el.dataset.state === 'failed')
    expect(refused).toHaveLength(2)
    expect(refused[0]).toHaveTextContent(`At most ${LIMITS.maxFilesPerMessage} files can go in one message.`)
  })
})
