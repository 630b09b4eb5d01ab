// The main process's logger. Every line passes through redaction: secrets registered here (the token)
// are replaced before anything is written, so a careless message cannot leak one into a log file. Logs
// still name phone numbers and chats, so they are the owner's alone (folder 0700, files 0600) and
// rotate by size: main.log, main.log.1 … main.log.<keep>, oldest dropped.
import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** Any later line containing this value has it replaced by [redacted]. */
  addSecret(secret: string): void
  removeSecret(secret: string): void
}

export interface LoggerOptions {
  /** Log file; omitted = no file. */
  file?: string
  /** Size at which the file is rotated (default 5 MB). */
  maxFileBytes?: number
  /** Rotated files kept beside it (default 3). */
  keepFiles?: number
  /** Also print to stderr (default true). */
  console?: boolean
  /** Lowest level written (default 'info'). */
  level?: LogLevel
  /** Receives each finished (redacted) line; tests use it to check what was logged. */
  sink?: (line: string) => void
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** Appends to a file the owner alone can read, rotating it past `maxBytes`. Never throws. */
function rotatingFile(file: string, maxBytes: number, keep: number) {
  const ownerOnly = (path: string, mode: number) => {
    try {
      chmodSync(path, mode)
    } catch {
      // Not there yet, or a file system without modes.
    }
  }
  let size = 0
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    // An existing folder or file (from an older build) is tightened too.
    ownerOnly(dirname(file), 0o700)
    ownerOnly(file, 0o600)
    size = statSync(file).size
  } catch {
    size = 0
  }
  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(`${file}.${n}`, `${file}.${n + 1}`)
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, `${file}.1`)
    size = 0
  }
  return (line: string) => {
    try {
      const bytes = Buffer.byteLength(line)
      if (size > 0 && size + bytes > maxBytes) rotate()
      appendFileSync(file, line, { mode: 0o600 })
      size += bytes
    } catch {
      // A full or read-only disk must not take the app down with it.
    }
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = new Set<string>()
  const minLevel = ORDER[options.level ?? 'info']
  const toFile = options.file
    ? rotatingFile(options.file, options.maxFileBytes ?? 5 * 1024 * 1024, options.keepFiles ?? 3)
    : null

  const redact = (text: string): string => {
    let out = text
    for (const secret of secrets) out = out.split(secret).join('[redacted]')
    return out
  }

  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < minLevel) return
    const extra = fields
      ? Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
          .join('')
      : ''
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`)
    if (options.console !== false) process.stderr.write(line + '\n')
    toFile?.(line + '\n')
    options.sink?.(line)
  }

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    addSecret: (s) => {
      if (s.length >= 4) secrets.add(s)
    },
    removeSecret: (s) => {
      secrets.delete(s)
    },
  }
}
