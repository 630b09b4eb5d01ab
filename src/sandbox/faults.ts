// Fault injection: per-route rules drawn from a seeded PRNG, so a failing run can be replayed exactly.
import { seededRandom } from './random'

export interface FaultRule {
  /** operationId from the OpenAPI file (e.g. 'sendMessage'), or '*' / omitted for every route. */
  route?: string
  method?: string
  /** Chance of applying per matching request (default 1). */
  probability?: number
  /** Apply at most this many times. */
  times?: number
  latencyMs?: number
  jitterMs?: number
  status?: 429 | 500 | 502 | 503
  /** Retry-After for 429/503 (default 1). */
  retryAfterSeconds?: number
  /** The Retry-After header exactly as given, for odd values ("-1", "soon", a date); wins over the seconds. */
  retryAfter?: string
  /** Destroy the connection before the request is processed. */
  reset?: boolean
  /** Process the request (state changes!) and then destroy the connection instead of answering. */
  resetAfterProcessing?: boolean
  /** Send the answer in small pieces over this many ms. */
  slowBodyMs?: number
  /** Cut the JSON answer in half. */
  truncateBody?: boolean
  /** Answer 200 with a body that is not JSON. */
  malformedJson?: boolean
}

export interface FaultConfig {
  seed?: number
  rules: FaultRule[]
}

export interface AppliedFault {
  latencyMs: number
  status?: 429 | 500 | 502 | 503
  /** The Retry-After header value. */
  retryAfter: string
  reset: boolean
  resetAfterProcessing: boolean
  slowBodyMs: number
  truncateBody: boolean
  malformedJson: boolean
}

export function createFaults(initial?: FaultConfig) {
  let config: FaultConfig = initial ?? { rules: [] }
  let random = seededRandom(config.seed ?? 1)
  let used = new Map<number, number>()

  return {
    set(next: FaultConfig) {
      config = { seed: next.seed, rules: next.rules.map((r) => ({ ...r })) }
      random = seededRandom(config.seed ?? 1)
      used = new Map()
    },
    clear() {
      this.set({ rules: [] })
    },
    get(): FaultConfig {
      return { seed: config.seed, rules: config.rules.map((r) => ({ ...r })) }
    },
    /**
     * The first rule (in order) that fires for this request, or null. One rule per request, so a list of
     * rules with `times` plays as a script: two 429s, then a 500, then a reset…
     */
    draw(operationId: string, method: string): AppliedFault | null {
      for (const [index, rule] of config.rules.entries()) {
        if (rule.route && rule.route !== '*' && rule.route !== operationId) continue
        if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
        const count = used.get(index) ?? 0
        if (rule.times !== undefined && count >= rule.times) continue
        if (random() >= (rule.probability ?? 1)) continue
        used.set(index, count + 1)
        return {
          latencyMs: (rule.latencyMs ?? 0) + Math.floor(random() * (rule.jitterMs ?? 0)),
          status: rule.status,
          retryAfter: rule.retryAfter ?? String(rule.retryAfterSeconds ?? 1),
          reset: rule.reset ?? false,
          resetAfterProcessing: rule.resetAfterProcessing ?? false,
          slowBodyMs: rule.slowBodyMs ?? 0,
          truncateBody: rule.truncateBody ?? false,
          malformedJson: rule.malformedJson ?? false,
        }
      }
      return null
    },
  }
}

export type Faults = ReturnType<typeof createFaults>
