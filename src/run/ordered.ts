/**
 * Runs `work` on each item with at most `limit` items in flight and hands the results to
 * `deliver` one by one in item order, so the output never depends on which finished
 * first and at most `limit` results wait in memory.
 */
export async function mapOrdered<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  deliver: (result: R) => void | Promise<void>,
): Promise<void> {
  const inFlight: Promise<R>[] = [];
  for (const item of items) {
    const started = work(item);
    // Awaited in order below; this only keeps an early failure from being "unhandled".
    started.catch(() => undefined);
    inFlight.push(started);
    if (inFlight.length >= limit) await deliver(await (inFlight.shift() as Promise<R>));
  }
  for (const started of inFlight) await deliver(await started);
}
