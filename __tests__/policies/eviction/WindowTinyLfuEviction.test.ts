import { Container } from 'inversify';
import { InvalidCacheConfigError } from '../../../src/contracts/errors/InvalidCacheConfigError';
import { EvictionPolicy } from '../../../src/contracts/EvictionPolicy';
import { UnboundedTable } from '../../../src/policies/eviction/UnboundedTable';
import { WindowTinyLfuEviction } from '../../../src/policies/eviction/WindowTinyLfuEviction';
import { WindowTinyLfuTable } from '../../../src/policies/eviction/WindowTinyLfuTable';
import { describeEvictionTableContract } from './evictionTableContract';

describeEvictionTableContract(WindowTinyLfuEviction.name, (maxsize) =>
  new WindowTinyLfuEviction().createTable(maxsize),
);

describe(WindowTinyLfuEviction.name, () => {
  describe('createTable()', () => {
    it.each([
      [null, UnboundedTable],
      [1, WindowTinyLfuTable],
      [1000, WindowTinyLfuTable],
      [1e9, WindowTinyLfuTable],
    ])('builds for maxsize %p a %p', (maxsize, kind) => {
      expect(new WindowTinyLfuEviction().createTable(maxsize)).toBeInstanceOf(kind);
    });

    it('bounds the table to maxsize', () => {
      const table = new WindowTinyLfuEviction().createTable<string, number>(2);
      table.set('a', 1);
      table.set('b', 2);
      expect(table.set('c', 3)).toHaveLength(1);
      expect(table.size).toBe(2);
    });

    it('hands its random source to every table it builds', () => {
      const random = jest.fn(() => 0);
      const table = new WindowTinyLfuEviction({ random }).createTable<string, number>(2);
      table.set('a', 1);
      for (let i = 0; i < 5; i++) table.get('a');
      table.set('b', 2);
      for (let i = 0; i < 5; i++) table.get('b');
      expect(table.set('c', 3)).toEqual([['a', 1]]); // a warm tie: the coin (always 0) admits 'b'
      expect(random).toHaveBeenCalledTimes(1);
    });

    it.each([[0], [-1], [1.5], [NaN]])('throws InvalidCacheConfigError for maxsize %p', (maxsize) => {
      expect(() => new WindowTinyLfuEviction().createTable(maxsize)).toThrow(InvalidCacheConfigError);
    });
  });

  describe('constructor', () => {
    it.each([
      [
        'a random that is no function',
        { random: 0.5 },
        /random = 0\.5 \(expected a function returning a number in \[0, 1\)/,
      ],
      ['a string adaptiveWindow', { adaptiveWindow: 'no' }, /adaptiveWindow = "no" \(expected a boolean/],
      ['both', { random: 'x', adaptiveWindow: 0 }, /random = "x" .*; adaptiveWindow = 0 /],
      ['options that are no object', 7, /options = 7 \(expected an object/],
      ['null options', null, /options = null \(expected an object/],
    ])('throws InvalidCacheConfigError naming the option and value for %s', (_what, options, message) => {
      const build = () => new WindowTinyLfuEviction(options as never);
      expect(build).toThrow(InvalidCacheConfigError);
      expect(build).toThrow(/^WindowTinyLfuEviction: invalid cache options: /);
      expect(build).toThrow(message);
    });

    it('accepts every documented form', () => {
      for (const options of [undefined, {}, { random: () => 0 }, { adaptiveWindow: false }, { random: undefined }]) {
        expect(new WindowTinyLfuEviction(options).createTable(4)).toBeInstanceOf(WindowTinyLfuTable);
      }
    });
  });

  it('is built by a container when bound as the EvictionPolicy', () => {
    const container = new Container();
    container.bind(EvictionPolicy).to(WindowTinyLfuEviction);
    expect(container.get(EvictionPolicy).createTable(10)).toBeInstanceOf(WindowTinyLfuTable);
  });
});
