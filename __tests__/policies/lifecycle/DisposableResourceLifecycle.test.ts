import { Pool } from 'pg';
import { Agent } from 'undici';
import { DisposableResourceLifecycle } from '../../../src/policies/lifecycle/DisposableResourceLifecycle';

const ORDER = [
  ['Symbol.asyncDispose', Symbol.asyncDispose],
  ['Symbol.dispose', Symbol.dispose],
  ['close', 'close'],
  ['quit', 'quit'],
  ['end', 'end'],
  ['destroy', 'destroy'],
  ['disconnect', 'disconnect'],
] as const;

/** A resource with mocks for `names`; each records the `this` it was called with. */
function resourceWith(names: readonly PropertyKey[]): Record<PropertyKey, jest.Mock> {
  const resource: Record<PropertyKey, jest.Mock> = {};
  for (const name of names) {
    resource[name] = jest.fn(function (this: unknown) {
      return this;
    });
  }
  return resource;
}

describe(DisposableResourceLifecycle.name, () => {
  const lifecycle = new DisposableResourceLifecycle();

  describe('isDisposable()', () => {
    it.each(ORDER)('accepts a value with a %s method', (_label, name) => {
      expect(lifecycle.isDisposable(resourceWith([name]))).toBe(true);
    });

    it('accepts an inherited method (a class instance)', () => {
      class Client {
        close(): void {}
      }
      expect(lifecycle.isDisposable(new Client())).toBe(true);
    });

    it('accepts a function that carries a close method', () => {
      expect(lifecycle.isDisposable(Object.assign(() => 1, { close: () => undefined }))).toBe(true);
    });

    it('accepts the Node 20 registry symbols', () => {
      expect(lifecycle.isDisposable({ [Symbol.for('nodejs.asyncDispose')]: () => undefined })).toBe(true);
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a number', 1],
      ['a string', 'close'],
      ['an empty object', {}],
      ['an object whose close is not a function', { close: 1, end: 'now' }],
      ['an array', [() => undefined]],
      ['an object with an unrelated method', { shutdown: () => undefined }],
    ])('rejects %s', (_label, value) => {
      expect(lifecycle.isDisposable(value)).toBe(false);
    });

    it('treats a getter that throws as absent and looks further', () => {
      const value = {
        get close(): never {
          throw new Error('getter');
        },
      };
      expect(lifecycle.isDisposable(value)).toBe(false);
      expect(lifecycle.isDisposable(Object.assign(Object.create(value) as object, { end: () => undefined }))).toBe(
        true,
      );
    });
  });

  describe('dispose()', () => {
    it.each(ORDER.map(([label], index) => [label, index] as const))(
      'calls %s (with the value as this) before every later method',
      (_label, index) => {
        const names = ORDER.slice(index).map(([, name]) => name);
        const resource = resourceWith(names);
        void lifecycle.dispose(resource, 'evicted');
        const [first, ...rest] = names;
        expect(resource[first]).toHaveBeenCalledTimes(1);
        expect(resource[first].mock.contexts[0]).toBe(resource);
        for (const name of rest) expect(resource[name]).not.toHaveBeenCalled();
      },
    );

    it.each([
      ['an ioredis', ['quit', 'disconnect'], 'quit'],
      ['an undici Pool/Agent', ['close', 'destroy'], 'close'],
      ['a stream', ['end', 'destroy'], 'end'],
    ])('picks the method %s-shaped resource needs', (_label, names, expected) => {
      const resource = resourceWith(names);
      void lifecycle.dispose(resource, 'cleared');
      for (const name of names) expect(resource[name]).toHaveBeenCalledTimes(name === expected ? 1 : 0);
    });

    it('returns a promise that settles when the method’s promise does', async () => {
      let finish: () => void = () => undefined;
      const resource = { close: jest.fn(() => new Promise<string>((resolve) => (finish = () => resolve('ok')))) };
      const result = lifecycle.dispose(resource, 'expired');
      expect(result).toBeInstanceOf(Promise);
      let settled = false;
      void (result as Promise<void>).then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      finish();
      await expect(result).resolves.toBeUndefined();
    });

    it('returns undefined when the method is synchronous', () => {
      expect(lifecycle.dispose({ destroy: () => 'done' }, 'replaced')).toBeUndefined();
    });

    it('throws what a synchronous method throws', () => {
      const failure = new Error('close failed');
      expect(() =>
        lifecycle.dispose(
          {
            close: () => {
              throw failure;
            },
          },
          'evicted',
        ),
      ).toThrow(failure);
    });

    it('rejects with what an asynchronous method rejects with', async () => {
      const failure = new Error('quit failed');
      await expect(lifecycle.dispose({ quit: () => Promise.reject(failure) }, 'evicted')).rejects.toBe(failure);
    });

    it('leaves a value with no disposal method alone', () => {
      expect(lifecycle.dispose({ shutdown: jest.fn() }, 'evicted')).toBeUndefined();
    });

    it('closes a real undici Agent', async () => {
      const agent = new Agent();
      expect(lifecycle.isDisposable(agent)).toBe(true);
      await lifecycle.dispose(agent, 'unbound');
      expect(agent.closed).toBe(true);
    });

    it('ends a real pg Pool', async () => {
      const pool = new Pool();
      expect(lifecycle.isDisposable(pool)).toBe(true);
      await lifecycle.dispose(pool, 'unbound');
      expect(pool.ended).toBe(true);
    });
  });
});
