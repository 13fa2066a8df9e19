/** A tiny typed event emitter: one map of event names to payload types, no `any`, no string typos. */

export interface Disposable {
  dispose(): void;
}

export type Handler<T> = (event: T) => void;

export class Emitter<M extends object> {
  private readonly handlers: { [K in keyof M]?: Set<Handler<M[K]>> } = {};

  /** Call `fn` for every `type` event until the returned handle is disposed. */
  on<K extends keyof M>(type: K, fn: Handler<M[K]>): Disposable {
    const set = this.handlers[type] ?? new Set<Handler<M[K]>>();
    this.handlers[type] = set;
    set.add(fn);
    return { dispose: () => void set.delete(fn) };
  }

  /**
   * Deliver `event` to every handler of `type`. A handler that throws is the caller's bug, not the engine's: it
   * is isolated, so one bad handler can neither stop the engine nor keep the other handlers from their event.
   */
  emit<K extends keyof M>(type: K, event: M[K]): void {
    const set = this.handlers[type];
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(event);
      } catch {
        // isolated (see above)
      }
    }
  }

  clear(): void {
    for (const key of Object.keys(this.handlers) as Array<keyof M>) delete this.handlers[key];
  }
}
