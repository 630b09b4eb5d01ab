// Whether an attachment a customer sent may be handed to the operating system's default app. Programs,
// scripts, installers and shortcuts never are: the OS would run them. They are shown in their folder
// instead, with the reason. Decided by the file's name and type (as the OS would) and by its first bytes
// (a program renamed to photo.jpg is still a program). Plain Node; the shell only carries out the answer.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'

export type OpenDecision = { action: 'open' } | { action: 'reveal'; reason: string }

/** Extensions an OS runs, installs, mounts or follows when opened (Windows, macOS, Linux, Java, Office macros). */
export const RISKY_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'exe com scr pif cpl msi msp mst msc dll sys drv ocx bat cmd ps1 psm1 psd1 ps1xml psc1 vbs vbe js jse ' +
    'wsf wsh wsc ws hta lnk url scf inf reg application appref-ms gadget chm hlp jar class jnlp ' +
    'sh bash zsh csh ksh fish command tool run bin out elf appimage desktop deb rpm apk xpi crx ' +
    'app pkg mpkg dmg workflow action terminal scpt applescript py pyw pyc pl rb php ' +
    'docm dotm xlsm xltm xlam pptm potm ppam sldm iso img vhd vhdx msix appx appxbundle settingcontent-ms'
  )
    .split(/\s+/)
    .map((ext) => '.' + ext),
)

const RISKY_TYPES: ReadonlySet<string> = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-sharedlib',
  'application/x-mach-binary',
  'application/x-msi',
  'application/x-ms-installer',
  'application/x-ms-shortcut',
  'application/x-sh',
  'application/x-shellscript',
  'text/x-shellscript',
  'application/x-csh',
  'application/x-bat',
  'application/x-perl',
  'application/x-python',
  'text/x-python',
  'application/hta',
  'application/java-archive',
  'application/x-java-archive',
  'application/x-java-jnlp-file',
  'application/x-desktop',
  'application/x-apple-diskimage',
  'application/vnd.android.package-archive',
  'application/x-debian-package',
  'application/x-rpm',
])

/** What the first bytes say, when they say "program" or "launcher"; null otherwise. */
export function detectRiskyContent(head: Uint8Array): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
  if (starts(0x4d, 0x5a)) return 'a Windows program'
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'a Linux program'
  if (
    starts(0xfe, 0xed, 0xfa, 0xce) ||
    starts(0xfe, 0xed, 0xfa, 0xcf) ||
    starts(0xce, 0xfa, 0xed, 0xfe) ||
    starts(0xcf, 0xfa, 0xed, 0xfe)
  )
    return 'a Mac program'
  // Universal Mac binaries and Java classes share this mark; both run.
  if (starts(0xca, 0xfe, 0xba, 0xbe)) return 'a program'
  if (starts(0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00)) return 'a Windows shortcut'
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '')
  if (text.startsWith('#!')) return 'a script'
  if (/^\s*(#[^\n]*\n\s*)*\[Desktop Entry\]/.test(text)) return 'a desktop launcher'
  if (/^\s*\[InternetShortcut\]/i.test(text)) return 'an internet shortcut'
  return null
}

/** The extension as the OS sees it: Windows ignores trailing dots and spaces ("invoice.exe. "). */
function osExtension(filename: string): string {
  const name = basename(filename).replace(/[.\s]+$/, '')
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}

export function openDecision(file: { filename: string; mimeType: string }, head: Uint8Array): OpenDecision {
  const reveal = (what: string): OpenDecision => ({
    action: 'reveal',
    reason: `${basename(file.filename)} looks like ${what}, so it was not opened. It is shown in its folder instead; open it yourself only if you trust the sender.`,
  })
  const ext = osExtension(file.filename)
  if (RISKY_EXTENSIONS.has(ext)) return reveal(`a program or script (${ext})`)
  const type = file.mimeType.split(';')[0]!.trim().toLowerCase()
  if (RISKY_TYPES.has(type)) return reveal('a program or script')
  const detected = detectRiskyContent(head)
  return detected ? reveal(detected) : { action: 'open' }
}

const HEAD_BYTES = 512

/** Reads the file's first bytes and decides. An unreadable file is not opened either. */
export async function decideOpen(path: string, mimeType: string): Promise<OpenDecision> {
  let head: Uint8Array
  try {
    const handle = await open(path, 'r')
    try {
      const { buffer, bytesRead } = await handle.read(new Uint8Array(HEAD_BYTES), 0, HEAD_BYTES, 0)
      head = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch {
    return { action: 'reveal', reason: `${basename(path)} could not be read, so it was not opened.` }
  }
  return openDecision({ filename: path, mimeType }, head)
}
