// Reading a request to the partner API: its path prefix, ids and paging from the path and query, the
// JSON body, phone numbers and idempotency keys as Linq reads them, and the chat a path names.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../errors'
import type { ChatRecord, SandboxState } from '../state'

export const API = '/api/partner/v2'

export const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/

/** "2223334444" and "+12223334444" name the same US number. */
export function normalizePhone(value: string): string {
  const trimmed = value.trim()
  if (trimmed.includes('@')) return trimmed.toLowerCase()
  const digits = trimmed.replace(/[^\d]/g, '')
  if (digits.length === 10) return `+1${digits}`
  return `+${digits}`
}

/** The chat a path's `:chat_id` names, or null after answering 404. */
export function chatOr404(state: SandboxState, params: unknown, reply: FastifyReply): ChatRecord | null {
  const id = intParam((params as Record<string, unknown>).chat_id)
  const record = id === null ? undefined : state.chats.get(id)
  if (!record) {
    sendError(reply, 404, 'Chat not found.')
    return null
  }
  return record
}

/** Reads a positive integer path/query value or answers 404 (ids) / 400 (paging) itself. */
export function intParam(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return null
  return Number(value)
}

export function paging(
  query: Record<string, unknown>,
  reply: FastifyReply,
): { page: number; perPage: number } | null {
  const page = query.page === undefined ? 1 : intParam(query.page)
  const perPage = query.per_page === undefined ? 25 : intParam(query.per_page)
  if (page === null || page < 1 || perPage === null || perPage < 1) {
    sendError(reply, 400, 'page and per_page must be positive integers.')
    return null
  }
  // Above the documented maximum the sandbox clamps rather than fails.
  return { page, perPage: Math.min(perPage, 100) }
}

export function meta(page: number, perPage: number, total: number) {
  return { page, total_pages: Math.max(1, Math.ceil(total / perPage)), total_count: total, per_page: perPage }
}

export function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

export function isoOrNull(value: unknown): number | null | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : time
}
