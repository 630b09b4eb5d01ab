// The main window's size and position between runs, read back like every saved document: a damaged or
// wrong-typed window-state.json gives the default size (with a notice) instead of a window that cannot
// open. The Electron adapter (src/main/electron/window-state.ts) supplies the displays and the window.
import { z } from 'zod'
import type { StoreEngine } from './cache/engine'
import type { Logger } from './log'
import { openDocument, UNVERSIONED_IS_V1, validOr, type OnDamage } from './persist/documents'
import { errorMessage } from '../../shared/error-message'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect | null
  maximized: boolean
}

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 }
const VERSION = 1
const coordinate = z.number().int().min(-100_000).max(100_000)
const extent = z.number().int().min(1).max(100_000)
const stateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: extent, height: extent }).nullable(),
  maximized: z.boolean(),
})

/** True when some part of `bounds` lies on one of the displays' work areas. */
export function isVisibleOn(bounds: Rect, areas: readonly Rect[]): boolean {
  return areas.some(
    (area) =>
      bounds.x < area.x + area.width &&
      bounds.x + bounds.width > area.x &&
      bounds.y < area.y + area.height &&
      bounds.y + bounds.height > area.y,
  )
}

export function openWindowState(options: {
  engine: StoreEngine
  dir: string
  logger: Logger
  onDamage?: OnDamage
}) {
  const { logger, onDamage } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: 'window-state',
    version: VERSION,
    // Written by electron-store's defaults before the file had a version: the same fields.
    migrations: UNVERSIONED_IS_V1,
    document: 'window',
    logger,
    onDamage,
  })
  const none: WindowState = { bounds: null, maximized: false }
  let state = doc
    ? validOr({ bounds: doc.bounds ?? null, maximized: doc.maximized ?? false }, stateSchema, none, {
        path: file.path,
        document: 'window',
        logger,
        onDamage,
      })
    : none
  return {
    /** The saved bounds if they are still on a display, else the default size (centred by the OS). */
    initialBounds(displays: readonly Rect[]): Partial<Rect> {
      return state.bounds && isVisibleOn(state.bounds, displays) ? state.bounds : DEFAULT_WINDOW_SIZE
    },
    wasMaximized: (): boolean => state.maximized,
    /** Saves what changed (bounds are left as they were while maximized or minimized). */
    save(change: Partial<WindowState>): void {
      const parsed = stateSchema.safeParse({ ...state, ...change })
      if (!parsed.success) return
      state = parsed.data
      try {
        file.write({ schemaVersion: VERSION, ...state })
      } catch (error) {
        logger.warn('could not save the window position', {
          error: errorMessage(error),
        })
      }
    },
  }
}
