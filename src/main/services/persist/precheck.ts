// A fast first check of stored entries against their zod schema, made once per schema from the schema's
// own definition (so the two cannot drift): it walks the value in place and answers "zod would accept this
// and hand back an equal copy". Only then is the stored value kept as it is; anything else (a failure, an
// unknown key that zod would strip, a schema kind this does not know) goes through zod itself, which has
// the last word and names the issue. At start the chat list's pages are checked this way: zod's parse
// copies every object, which costs a third of reading and parsing the files and doubles the garbage.
import type { z } from 'zod'

type Check = (value: unknown) => boolean

interface Def {
  type: string
  checks?: { _zod: { def: CheckDef } }[]
  shape?: Record<string, z.ZodType>
  catchall?: unknown
  innerType?: z.ZodType
  element?: z.ZodType
  entries?: Record<string, unknown>
  items?: z.ZodType[]
  rest?: unknown
}
interface CheckDef {
  check: string
  minimum?: number
  maximum?: number
  format?: string
  value?: number
  inclusive?: boolean
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def

/** Bounds from zod's checks on a string's or array's length or a number; null for a check this does not know. */
function boundsOf(def: Def): { min: number; max: number; int: boolean } | null {
  const bounds = { min: -Infinity, max: Infinity, int: false }
  for (const { _zod } of def.checks ?? []) {
    const check = _zod.def
    const value = check.value ?? 0
    if (check.check === 'min_length') bounds.min = Math.max(bounds.min, check.minimum!)
    else if (check.check === 'max_length') bounds.max = Math.min(bounds.max, check.maximum!)
    else if (check.check === 'number_format' && check.format === 'safeint') bounds.int = true
    // Integers only here, where > n is ≥ n + 1; otherwise leave it to zod.
    else if (check.check === 'greater_than' && (check.inclusive || bounds.int))
      bounds.min = Math.max(bounds.min, check.inclusive ? value : value + 1)
    else if (check.check === 'less_than' && (check.inclusive || bounds.int))
      bounds.max = Math.min(bounds.max, check.inclusive ? value : value - 1)
    else return null
  }
  return bounds
}

/** One closure per leaf, without a call per check: at start these run once per field of a thousand chats. */
function leafCheck(def: Def): Check | null {
  const bounds = boundsOf(def)
  if (!bounds) return null
  const { min, max, int } = bounds
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string' && v.length >= min && v.length <= max
    case 'number':
      return int
        ? (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max
        : (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
    case 'boolean':
      return def.checks?.length ? null : (v) => typeof v === 'boolean'
    default:
      return null
  }
}

function objectCheck(def: Def): Check | null {
  if (def.catchall !== undefined || !def.shape) return null
  const fields: [string, Check, boolean][] = []
  for (const [key, schema] of Object.entries(def.shape)) {
    const check = compile(schema)
    if (!check) return null
    fields.push([key, check, defOf(schema).type === 'optional'])
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
    const record = v as Record<string, unknown>
    let present = 0
    for (const [key, check, optional] of fields) {
      const field = record[key]
      if (field === undefined && optional && !Object.hasOwn(record, key)) continue
      if (!check(field)) return false
      present++
    }
    // A key the schema does not name would be stripped by zod: not an equal copy.
    return Object.keys(record).length === present
  }
}

function compile(schema: z.ZodType): Check | null {
  const def = defOf(schema)
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return leafCheck(def)
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}))
      return def.checks?.length ? null : (v) => values.has(v)
    }
    case 'nullable':
    case 'optional': {
      const inner = compile(def.innerType!)
      const empty = def.type === 'nullable' ? null : undefined
      return inner && !def.checks?.length ? (v) => v === empty || inner(v) : null
    }
    case 'array': {
      const element = compile(def.element!)
      const bounds = boundsOf(def)
      if (!element || !bounds || bounds.int) return null
      return (v) => {
        if (!Array.isArray(v) || v.length < bounds.min || v.length > bounds.max) return false
        for (const e of v) if (!element(e)) return false
        return true
      }
    }
    case 'tuple': {
      const items = (def.items ?? []).map(compile)
      if (def.rest !== null || def.checks?.length || items.some((c) => c === null)) return null
      const all = items as Check[]
      return (v) => Array.isArray(v) && v.length === all.length && all.every((c, i) => c(v[i]))
    }
    case 'object':
      return def.checks?.length ? null : objectCheck(def)
    default:
      return null
  }
}

const compiled = new WeakMap<z.ZodType, Check | null>()

/**
 * True when zod would accept `value` and return an equal copy of it, so the value itself can be kept;
 * false means "ask zod" (it may still accept it, e.g. after stripping a key this schema does not name).
 */
export function passesAsIs(schema: z.ZodType, value: unknown): boolean {
  let check = compiled.get(schema)
  if (check === undefined) compiled.set(schema, (check = compile(schema)))
  return check !== null && check(value)
}
