// Older history loads as the user nears the top of what is loaded, before they reach it.
import { useEffect } from 'react'
import { loadOlder } from '../../state/actions/thread'

/** Older history is requested when the rendered rows come this close to the oldest loaded one. */
const LOAD_OLDER_WITHIN_ROWS = 10

/**
 * Fetches the page before the oldest loaded row once the first rendered row is near it (loadOlder ignores
 * repeats while one is loading, and asks again when a page arrived and the user is still near the top).
 */
export function useLoadOlderNearTop(
  chatId: string,
  firstRendered: number | undefined,
  rowCount: number,
): void {
  useEffect(() => {
    if (firstRendered !== undefined && firstRendered < LOAD_OLDER_WITHIN_ROWS) void loadOlder(chatId)
  }, [firstRendered, chatId, rowCount])
}
