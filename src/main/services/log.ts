// The main process's logger. Every line passes through redaction: secrets registered here (the token)
// are replaced before anything is written, so a careless message cannot leak one into a log file.
import { appendFileSync, mkdirSync } from 'node:fs'
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
  /** Also print to stderr (default true). */
  console?: boolean
  /** Lowest level written (default 'info'). */
  level?: LogLevel
  /** Receives each finished (redacted) line; tests use it to check what was logged. */
  sink?: (line: string) => void
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = new Set<string>()
  const minLevel = ORDER[options.level ?? 'info']
  if (options.file) mkdirSync(dirname(options.file), { recursive: true })

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
    if (options.file) {
      try {
        appendFileSync(options.file, line + '\n')
      } catch {
        // A full or read-only disk must not take the app down with it.
      }
    }
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
