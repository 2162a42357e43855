/**
 * langgraph.json's entries are factories the dev server calls per request: the graph is built
 * once, on first use (so importing a graph file opens nothing), and a failed build is retried on
 * the next request.
 */
export function lazyGraph<T>(build: () => Promise<T>): () => Promise<T> {
  let graph: Promise<T> | undefined;
  return () =>
    (graph ??= build().catch((err: unknown) => {
      graph = undefined;
      throw err;
    }));
}
