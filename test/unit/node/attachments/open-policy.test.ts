// Which attachments a customer sent may be handed to the OS's default app: never a program, script,
// installer or shortcut, whether it says so by its name, its type or only by its first bytes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  decideOpen,
  detectRiskyContent,
  openDecision,
  RISKY_EXTENSIONS,
} from '../../../../src/main/services/attachments/open-policy'

const bytes = (...values: number[]) => new Uint8Array(values)
const text = (value: string) => new TextEncoder().encode(value)
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
const PDF = text('%PDF-1.7\n')

describe('openDecision', () => {
  it.each([
    'setup.exe',
    'run.bat',
    'run.CMD',
    'Invoice.lnk',
    'app.desktop',
    'install.sh',
    'Tool.app',
    'game.jar',
    'screen.scr',
    'package.msi',
    'script.ps1',
    'macro.vbs',
    'report.pdf.exe',
    'invoice.exe.',
    'invoice.exe ',
    'budget.xlsm',
    'page.hta',
    'link.url',
    'disk.dmg',
    'thing.AppImage',
    'payload.js',
    'invoice\u202Efdp.exe',
  ])('does not open %s; shows it in its folder with the reason', (filename) => {
    const decision = openDecision({ filename, mimeType: 'application/octet-stream' }, PDF)
    expect(decision.action).toBe('reveal')
    if (decision.action === 'reveal') expect(decision.reason).toMatch(/was not opened/)
  })

  it.each([
    ['photo.jpg', 'application/x-msdownload'],
    ['notes.txt', 'text/x-shellscript'],
    ['file', 'application/java-archive'],
    ['app', 'application/x-desktop; charset=utf-8'],
  ])('does not open %s declared as %s', (filename, mimeType) => {
    expect(openDecision({ filename, mimeType }, PDF).action).toBe('reveal')
  })

  it.each([
    ['a Windows program', text('MZ\x90\x00\x03')],
    ['a Linux program', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1)],
    ['a Mac program', bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1)],
    ['a Mac program', bytes(0xfe, 0xed, 0xfa, 0xce)],
    ['a program', bytes(0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2)],
    ['a script', text('#!/bin/sh\nrm -rf ~\n')],
    ['a script', text('\uFEFF#!/usr/bin/env python3\n')],
    ['a desktop launcher', text('# comment\n[Desktop Entry]\nExec=sh -c evil\n')],
    ['a Windows shortcut', bytes(0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0)],
    ['an internet shortcut', text('[InternetShortcut]\nURL=file:///c:/windows/system32/calc.exe\n')],
  ])('detects %s from the first bytes, whatever the name says', (what, head) => {
    expect(detectRiskyContent(head)).toBe(what)
    const decision = openDecision({ filename: 'holiday-photo.jpg', mimeType: 'image/jpeg' }, head)
    expect(decision).toEqual({
      action: 'reveal',
      reason: `holiday-photo.jpg looks like ${what}, so it was not opened. It is shown in its folder instead; open it yourself only if you trust the sender.`,
    })
  })

  it.each([
    ['photo.png', 'image/png', PNG],
    ['contract.pdf', 'application/pdf', PDF],
    ['notes.txt', 'text/plain', text('Meeting at 3pm #agenda\n')],
    ['clip.mp4', 'video/mp4', bytes(0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70)],
    ['archive.zip', 'application/zip', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['.bashrc-notes', 'text/plain', text('hello')],
    ['empty.txt', 'text/plain', new Uint8Array(0)],
  ])('opens an ordinary file: %s', (filename, mimeType, head) => {
    expect(openDecision({ filename, mimeType }, head)).toEqual({ action: 'open' })
  })

  it('covers the executable types the review listed', () => {
    for (const ext of [
      '.exe',
      '.bat',
      '.cmd',
      '.lnk',
      '.desktop',
      '.sh',
      '.app',
      '.jar',
      '.scr',
      '.msi',
      '.ps1',
      '.vbs',
    ])
      expect(RISKY_EXTENSIONS.has(ext), ext).toBe(true)
  })
})

describe('decideOpen reads the file itself', () => {
  it('a program renamed to .pdf on disk is revealed; a real PDF opens; a missing file is not opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linq-open-policy-'))
    try {
      await writeFile(join(dir, 'statement.pdf'), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)]))
      await writeFile(join(dir, 'real.pdf'), Buffer.from('%PDF-1.4\n' + 'x'.repeat(2000)))
      expect((await decideOpen(join(dir, 'statement.pdf'), 'application/pdf')).action).toBe('reveal')
      expect(await decideOpen(join(dir, 'real.pdf'), 'application/pdf')).toEqual({ action: 'open' })
      expect((await decideOpen(join(dir, 'gone.pdf'), 'application/pdf')).action).toBe('reveal')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
