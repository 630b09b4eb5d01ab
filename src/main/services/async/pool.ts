// A worker pool over a list: at most `concurrency` tasks at once, in list order. The first failure stops
// new tasks from starting (those in flight finish) and is what the pool rejects with: a backfill or a sync
// round that hit an error stops asking the server instead of carrying on into the same error.

export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!
      try {
        await task(item)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const workers = Math.max(1, Math.min(Math.floor(concurrency), items.length))
  await Promise.all(Array.from({ length: workers }, worker))
}
