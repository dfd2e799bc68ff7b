// A ProgressListener that records every call, shared by the adapters' progress tests (tfjs, onnxruntime-web) so that
// both are held to the same event sequence. Typed structurally: tooling/ is type-checked with packages that do not
// depend on @anneal/core; the listener is assignable to core's ProgressListener.

/** One recorded call: the hook's name and its argument (the line, for `log`). */
export type ProgressEvent = readonly [hook: string, info: unknown];

/** Every hook of a ProgressListener, in the order an adapter first calls them. */
export const PROGRESS_HOOKS: readonly string[] = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd', 'log'];

/** A listener with the given hooks (default: all), and the calls it has recorded so far. */
export function recordProgress(hooks: readonly string[] = PROGRESS_HOOKS): {
  listener: Record<string, (info: unknown) => void>;
  events: ProgressEvent[];
} {
  const events: ProgressEvent[] = [];
  const listener: Record<string, (info: unknown) => void> = {};
  for (const hook of hooks) listener[hook] = (info) => void events.push([hook, info]);
  return { listener, events };
}
