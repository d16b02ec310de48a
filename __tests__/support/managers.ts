/**
 * Managers and wrapped functions shared by the API, container and hardening tests.
 *
 * @packageDocumentation
 */
import { injectable } from 'inversify';
import { CacheManager, Clock, createCacheContainer, ResourceLifecycle, type RemovalReason } from '../../src';

/** A fresh manager from a fresh container (default bindings). */
export const newManager = (): CacheManager => createCacheContainer().get(CacheManager);

/** Wraps `body` so every call is recorded (its arguments), in order. */
export function counting<A extends unknown[], R>(body: (...args: A) => R): { fn: (...args: A) => R; calls: A[] } {
  const calls: A[] = [];
  return {
    calls,
    fn: (...args: A) => {
      calls.push(args);
      return body(...args);
    },
  };
}

/**
 * A fresh container whose `Clock` is rebound, as a class the container constructs, to a clock
 * whose `now()` is whatever `now` returns (so a test moves time by changing what `now` reads).
 */
export function containerWithClockReading(now: () => number): ReturnType<typeof createCacheContainer> {
  @injectable()
  class ReadingClock extends Clock {
    override now(): number {
      return now();
    }
  }
  const container = createCacheContainer();
  container.rebind(Clock).to(ReadingClock);
  return container;
}

/**
 * Rebinds `container`'s `ResourceLifecycle` to one that adopts every object with a `close` member and
 * records each disposal as `[value.id, reason]`; returns the record.
 */
export function recordDisposals(container: ReturnType<typeof createCacheContainer>): Array<[unknown, RemovalReason]> {
  const disposed: Array<[unknown, RemovalReason]> = [];
  @injectable()
  class RecordingLifecycle extends ResourceLifecycle {
    override isDisposable(value: unknown): boolean {
      return typeof value === 'object' && value !== null && 'close' in value;
    }
    override dispose(value: unknown, reason: RemovalReason): void {
      disposed.push([(value as { id: unknown }).id, reason]);
    }
  }
  container.rebind(ResourceLifecycle).to(RecordingLifecycle);
  return disposed;
}
