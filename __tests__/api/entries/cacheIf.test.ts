/**
 * The `cacheIf` option (entries-and-tags.md "Conditional storing").
 */
import 'reflect-metadata';
import { injectable } from 'inversify';
import { Cacheable, CacheErrorHandler, InvalidCacheConfigError, type CacheOptions } from '../../../src';
import { RecordingCacheErrorHandler, lifecycleFixture } from '../lifecycle/fakeResources';
import { ENTRY_POINTS, FUNCTION_KINDS, makeSubject } from './entrySubjects';

describe('cacheIf', () => {
  describe.each(ENTRY_POINTS)('with a flight of 1,000 waiters (%s)', (entry) => {
    it('answers every waiter with the result and stores nothing when cacheIf returns false', async () => {
      const seen: unknown[][] = [];
      const subject = makeSubject('async', entry, 'default', 'plain', {
        cacheIf: (result: unknown, ...args: unknown[]) => {
          seen.push([result, ...args]);
          return false;
        },
      });
      const release = subject.hold();
      const waiters = Array.from({ length: 1000 }, () => subject.get('1'));
      release();
      const results = await Promise.all(waiters);
      expect(new Set(results)).toEqual(new Set(['1#1']));
      expect(subject.loads).toBe(1);
      expect(seen).toEqual([['1#1', '1']]);
      expect(subject.controls.has('1')).toBe(false);
      expect(subject.controls.cacheInfo().currentSize).toBe(0);
      await expect(subject.get('1')).resolves.toBe('1#2');
    });

    it('stores the result when cacheIf returns true', async () => {
      const subject = makeSubject('async', entry, 'default', 'plain', { cacheIf: () => true });
      const release = subject.hold();
      const waiters = Array.from({ length: 1000 }, () => subject.get('1'));
      release();
      await Promise.all(waiters);
      await expect(subject.get('1')).resolves.toBe('1#1');
      expect(subject.loads).toBe(1);
    });
  });

  describe.each(FUNCTION_KINDS.flatMap((kind) => ENTRY_POINTS.map((entry) => [kind, entry] as const)))(
    'of a %s function (%s)',
    (kind, entry) => {
      it('decides per result, with the settled result and the arguments', async () => {
        const subject = makeSubject(kind, entry, 'template', 'plain', {
          cacheIf: (result: unknown, id: unknown) => id === 'keep' && typeof result === 'string',
        });
        await subject.settle(subject.get('keep'));
        await subject.settle(subject.get('drop'));
        expect(subject.controls.has('keep')).toBe(true);
        expect(subject.controls.has('drop')).toBe(false);
      });

      it("reports a throw from cacheIf with operation 'cacheIf', returns the result and stores nothing", async () => {
        const boom = new Error('cacheIf broke');
        const handler = new RecordingCacheErrorHandler();
        const subject = makeSubject(
          kind,
          entry,
          'default',
          'plain',
          {
            name: 'users',
            cacheIf: () => {
              throw boom;
            },
          },
          (container) => container.rebind(CacheErrorHandler).toConstantValue(handler),
        );
        expect(await subject.settle(subject.get('1'))).toBe('1#1');
        expect(subject.controls.has('1')).toBe(false);
        expect(handler.errors).toHaveLength(1);
        expect(handler.errors[0].error).toBe(boom);
        expect(handler.errors[0].context).toMatchObject({ operation: 'cacheIf', cache: 'users' });
        expect(await subject.settle(subject.get('1'))).toBe('1#2');
      });

      it('is not called for failures: without negative caching nothing is stored', async () => {
        const cacheIf = jest.fn(() => true);
        const subject = makeSubject(kind, entry, 'default', 'plain', { cacheIf });
        subject.failWith(new Error('down'));
        if (kind === 'async') await expect(subject.get('1')).rejects.toThrow('down');
        else expect(() => subject.get('1')).toThrow('down');
        expect(cacheIf).not.toHaveBeenCalled();
        expect(subject.controls.has('1')).toBe(false);
      });

      it('is not called for failures: negative caching stores them even when cacheIf would say false', async () => {
        const cacheIf = jest.fn(() => false);
        const subject = makeSubject(kind, entry, 'default', 'plain', { cacheIf, negativeCache: true });
        subject.failWith(new Error('down'));
        const failure = await subject.settle(subject.get('1'));
        expect(failure).toEqual(new Error('down'));
        expect(cacheIf).not.toHaveBeenCalled();
        expect(subject.controls.has('1')).toBe(true);
        expect(await subject.settle(subject.get('1'))).toBe(failure);
        expect(subject.loads).toBe(1);
      });

      it('applies to refresh(): a rejected result is returned and the current entry stays', async () => {
        let keep = true;
        const subject = makeSubject(kind, entry, 'default', 'plain', { cacheIf: () => keep });
        await subject.settle(subject.get('1'));
        keep = false;
        expect(await subject.settle(subject.controls.refresh('1'))).toBe('1#2');
        expect(await subject.settle(subject.get('1'))).toBe('1#1');
      });

      it('does not apply to set(), which stores what it is given', async () => {
        const subject = makeSubject(kind, entry, 'default', 'plain', { cacheIf: () => false });
        await subject.settle(subject.controls.set('stored', '1'));
        expect(await subject.settle(subject.get('1'))).toBe('stored');
      });

      it('stores nothing when cacheIf returns something other than true', async () => {
        const subject = makeSubject(kind, entry, 'default', 'plain', {
          cacheIf: (() => 'yes') as unknown as () => boolean,
        });
        await subject.settle(subject.get('1'));
        expect(subject.controls.has('1')).toBe(false);
      });
    },
  );

  it('types cacheIf from a decorated method when written inline', () => {
    @injectable()
    class Prices {
      @Cacheable({ cacheIf: (price: number) => price > 0 })
      async price(sku: string): Promise<number> {
        return Promise.resolve(sku.length);
      }
    }
    expect(new Prices()).toBeInstanceOf(Prices);
  });

  it.each([
    ['a string', 'yes'],
    ['true', true],
    ['an object', { when: true }],
  ])('rejects a cacheIf that is %s at wrap time, naming option and value', (_label, value) => {
    const fixture = lifecycleFixture();
    const options = { cacheIf: value } as unknown as CacheOptions;
    expect(() => fixture.manager.wrap((id: string) => id, options)).toThrow(InvalidCacheConfigError);
    expect(() => fixture.manager.wrap((id: string) => id, options)).toThrow(/cacheIf = .*\(expected a function/);
    expect(() => {
      class Decorated {
        @Cacheable(options)
        get(id: string): string {
          return id;
        }
      }
      return Decorated;
    }).toThrow(/Decorated\.get: .*cacheIf = /);
  });
});
