// A stand-in for the Electron executable where none can be downloaded: a file carrying Electron's fuse wire
// (sentinel, wire version, length, one byte per fuse) as the real binary does, so @electron/fuses and
// electron-builder treat it like Electron. It cannot run.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Electron 45's wire as shipped: RunAsNode on, cookie encryption off, NODE_OPTIONS and --inspect on, ... */
export const ELECTRON_DEFAULT_WIRE = '101100011'

export function writeFakeElectron(path: string, wire = ELECTRON_DEFAULT_WIRE): void {
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('\x7fELF stand-in for Electron\n'),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.alloc(32),
    ]),
    { mode: 0o755 },
  )
}

/** An unpacked "Electron distribution" folder for electron-builder's `electronDist` (Linux layout). */
export function writeFakeElectronDist(dir: string, version: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  writeFakeElectron(join(dir, 'electron'))
  writeFileSync(join(dir, 'version'), version)
}
