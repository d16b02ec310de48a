import type { CacheErrorHandler } from '../../contracts/CacheErrorHandler';
import { DisposalTimeoutError } from '../../contracts/errors/DisposalTimeoutError';
import type { RemovalReason } from '../../contracts/RemovalReason';
import type { ResourceLifecycle } from './ResourceLifecycle';
import { LongTimer } from '../../util/LongTimer';

/** One batch of adopted parts waiting on its close delay. */
interface DelayedDisposal {
  readonly parts: readonly unknown[];
  readonly reason: RemovalReason;
  readonly key: unknown;
  readonly timer: LongTimer;
}

/** A caller of `awaitPending`/`cancelPending`/`flushNow` waiting for a condition. */
interface Waiter {
  readonly done: () => boolean;
  readonly resolve: () => void;
}

/**
 * Runs the disposals of adopted resources for one `CacheManager` (not a DI token: the manager owns
 * one). A batch of parts is disposed at once, or after its delay on an **unref'd** timer (nobody
 * awaits it, so it never holds the process open) — except while {@link awaitPending} waits: then
 * the delayed timers are ref'd and keep the process alive until they have run or the wait timed out.
 *
 * All parts of a batch are disposed together (each `dispose` is called in reverse adoption order,
 * like an exit stack, without waiting for the previous one). A disposal that throws or rejects is
 * reported to the `CacheErrorHandler` with `{ operation: 'dispose', key, reason }`; it never stops
 * other disposals and never becomes an unhandled rejection, and a throw from the handler itself is
 * dropped.
 */
export class DisposalScheduler {
  readonly #lifecycle: ResourceLifecycle;
  readonly #errorHandler: CacheErrorHandler;
  readonly #delayed = new Set<DelayedDisposal>();
  readonly #running = new Set<Promise<void>>();
  #waiters: Waiter[] = [];
  /** Active `awaitPending` calls; while above 0, delayed timers are ref'd. */
  #awaiting = 0;

  constructor(lifecycle: ResourceLifecycle, errorHandler: CacheErrorHandler) {
    this.#lifecycle = lifecycle;
    this.#errorHandler = errorHandler;
  }

  /** Parts whose disposal waits on a delay (not yet started). Running disposals are not counted. */
  get pendingCount(): number {
    let count = 0;
    for (const disposal of this.#delayed) count += disposal.parts.length;
    return count;
  }

  /**
   * Disposes `parts` (of the entry under `key`, removed for `reason`) now when `delayMs` is `null`
   * or `<= 0`, else after `delayMs` milliseconds on an unref'd timer. An empty `parts` does nothing.
   */
  schedule(
    parts: readonly unknown[],
    reason: RemovalReason,
    key: unknown,
    delayMs: number | null,
  ): Promise<void> | undefined {
    if (parts.length === 0) return undefined;
    if (delayMs === null || !(delayMs > 0)) return this.#disposeAll(parts, reason, key);
    const disposal: DelayedDisposal = {
      parts: parts.slice(),
      reason,
      key,
      timer: new LongTimer(() => {
        this.#delayed.delete(disposal);
        void this.#disposeAll(disposal.parts, disposal.reason, disposal.key);
        this.#notify();
      }, delayMs),
    };
    if (this.#awaiting === 0) disposal.timer.unref();
    this.#delayed.add(disposal);
    return undefined;
  }

  /**
   * Resolves once every delayed and running disposal has finished (those scheduled meanwhile
   * included); never rejects because a disposal failed. While it waits, delayed timers keep the
   * process alive.
   * @param timeoutMs - give up after this many milliseconds; `undefined` waits without limit.
   * @throws {@link DisposalTimeoutError} (as a rejection) when `timeoutMs` passes first; the
   *   disposals still waiting stay scheduled, on unref'd timers again.
   */
  async awaitPending(timeoutMs?: number): Promise<void> {
    if (this.#isIdle()) return;
    this.#awaiting++;
    if (this.#awaiting === 1) for (const disposal of this.#delayed) disposal.timer.ref();
    let timeout: LongTimer | undefined;
    try {
      const idle = this.#waitUntil(() => this.#isIdle());
      if (timeoutMs === undefined) {
        await idle;
        return;
      }
      await Promise.race([
        idle,
        new Promise<never>((_resolve, reject) => {
          timeout = new LongTimer(
            () => reject(new DisposalTimeoutError(timeoutMs, this.pendingCount + this.#running.size)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      timeout?.clear();
      this.#awaiting--;
      if (this.#awaiting === 0) for (const disposal of this.#delayed) disposal.timer.unref();
    }
  }

  /** Drops every delayed disposal without running it, then waits for the running ones. */
  async cancelPending(): Promise<void> {
    for (const disposal of this.#delayed) disposal.timer.clear();
    this.#delayed.clear();
    this.#notify();
    await this.#waitUntil(() => this.#running.size === 0);
  }

  /**
   * Runs every delayed disposal now, ignoring its delay (with `reason` instead of the scheduled
   * one when given), then waits for every running disposal. Used by `close()` and unbinding.
   */
  async flushNow(reason?: RemovalReason): Promise<void> {
    const delayed = [...this.#delayed];
    this.#delayed.clear();
    for (const disposal of delayed) {
      disposal.timer.clear();
      void this.#disposeAll(disposal.parts, reason ?? disposal.reason, disposal.key);
    }
    this.#notify();
    await this.#waitUntil(() => this.#running.size === 0);
  }

  #isIdle(): boolean {
    return this.#delayed.size === 0 && this.#running.size === 0;
  }

  /** Starts every disposal of a batch; the promise settles (never rejects) when all async ones have. */
  #disposeAll(parts: readonly unknown[], reason: RemovalReason, key: unknown): Promise<void> | undefined {
    let running: Promise<void>[] | undefined;
    for (let i = parts.length - 1; i >= 0; i--) {
      const settled = this.#dispose(parts[i], reason, key);
      if (settled !== undefined) (running ??= []).push(settled);
    }
    return running === undefined ? undefined : Promise.all(running).then(() => undefined);
  }

  #dispose(part: unknown, reason: RemovalReason, key: unknown): Promise<void> | undefined {
    let result: void | Promise<void>;
    try {
      result = this.#lifecycle.dispose(part, reason);
    } catch (error) {
      this.#report(error, reason, key);
      return undefined;
    }
    if (result === undefined || result === null || typeof (result as { then?: unknown }).then !== 'function')
      return undefined;
    const running: Promise<void> = Promise.resolve(result).then(
      () => this.#finish(running),
      (error: unknown) => {
        this.#report(error, reason, key);
        this.#finish(running);
      },
    );
    this.#running.add(running);
    return running;
  }

  #finish(running: Promise<void>): void {
    this.#running.delete(running);
    this.#notify();
  }

  #report(error: unknown, reason: RemovalReason, key: unknown): void {
    try {
      this.#errorHandler.handle(error, { operation: 'dispose', key, reason });
    } catch {
      // The handler is the last place a disposal error can go: a throw from it must not reach the
      // cache, a caller or the event loop (DESIGN.md §1.1), and other disposals must still run.
    }
  }

  #waitUntil(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve) => this.#waiters.push({ done, resolve }));
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    const waiting: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.done()) waiter.resolve();
      else waiting.push(waiter);
    }
    this.#waiters = waiting;
  }
}
