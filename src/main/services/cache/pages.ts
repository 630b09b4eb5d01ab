// Which page file holds which item, so a change rewrites one small page instead of a whole chat (or the
// whole chat list). Items never move between pages: a new item joins the page of its neighbour (the item
// just before it in order, else the one after it) while that page has room, and otherwise starts a page
// of its own. Appending the newest message therefore fills the newest page, and a page is never split,
// so no write ever touches more than the pages of the items that changed. Pages may overlap in order
// after out-of-order arrivals; readers sort what they load, so that costs nothing but a little fill.

export interface PageBook {
  /** The page that holds `id`, if any. */
  pageOf(id: string): number | undefined
  /** Puts `id` on `page` (when reading a page back); a duplicate moves to the later page read. */
  place(id: string, page: number): void
  /**
   * Places every unplaced id of `ordered` (all ids, in display order) by the rule above; returns the
   * pages that gained one.
   */
  placeNew(ordered: readonly string[]): Set<number>
  /** Places `id` (if it is not yet) on the newest page while it has room, else on a new one; returns its page. */
  append(id: string): number
  /** Forgets `id`; returns the page it was on. */
  remove(id: string): number | undefined
  /** How many ids a page holds (0 for a page that is gone). */
  size(page: number): number
  pages(): number[]
}

export function createPageBook(perPage: number): PageBook {
  const pageOfId = new Map<string, number>()
  const sizes = new Map<number, number>()
  let nextPage = 0

  const add = (id: string, page: number) => {
    pageOfId.set(id, page)
    sizes.set(page, (sizes.get(page) ?? 0) + 1)
    nextPage = Math.max(nextPage, page + 1)
  }
  const remove = (id: string): number | undefined => {
    const page = pageOfId.get(id)
    if (page === undefined) return undefined
    pageOfId.delete(id)
    const left = (sizes.get(page) ?? 1) - 1
    if (left > 0) sizes.set(page, left)
    else sizes.delete(page)
    return page
  }

  return {
    pageOf: (id) => pageOfId.get(id),
    place(id, page) {
      remove(id)
      add(id, page)
    },
    placeNew(ordered) {
      const touched = new Set<number>()
      ordered.forEach((id, i) => {
        if (pageOfId.has(id)) return
        const before = i > 0 ? pageOfId.get(ordered[i - 1]!) : undefined
        const neighbour = before ?? (i + 1 < ordered.length ? pageOfId.get(ordered[i + 1]!) : undefined)
        const page = neighbour !== undefined && (sizes.get(neighbour) ?? 0) < perPage ? neighbour : nextPage
        add(id, page)
        touched.add(page)
      })
      return touched
    },
    append(id) {
      const known = pageOfId.get(id)
      if (known !== undefined) return known
      const newest = nextPage - 1
      const page = newest >= 0 && (sizes.get(newest) ?? 0) < perPage ? newest : nextPage
      add(id, page)
      return page
    },
    remove,
    size: (page) => sizes.get(page) ?? 0,
    pages: () => [...sizes.keys()].sort((a, b) => a - b),
  }
}
