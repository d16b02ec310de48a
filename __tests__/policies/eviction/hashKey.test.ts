import { ContentHashedKey } from '../../../src/policies/eviction/ContentHashedKey';
import { hashKey, hashString } from '../../../src/policies/eviction/hashKey';

class TextKey extends ContentHashedKey {
  constructor(readonly text: string) {
    super();
  }
  override contentHash(): number {
    return hashString(this.text, 17);
  }
}

describe('hashKey()', () => {
  it.each([
    ['an int32', 123_456, 123_456],
    ['-0 as 0', -0, 0],
    ['a negative integer', -5, -5],
  ])('hashes %s as itself', (_what, key, hash) => {
    expect(hashKey(key)).toBe(hash);
  });

  it('hashes equal strings equally, like Java String.hashCode', () => {
    expect(hashKey('user:42')).toBe(hashKey(['user:', '42'].join('')));
    expect(hashKey('abc')).toBe(96_354);
    expect(hashKey('abc')).not.toBe(hashKey('abd'));
  });

  it('hashes numbers beyond int32 and fractions by value', () => {
    expect(hashKey(2 ** 40 + 1)).toBe(hashKey(2 ** 40 + 1));
    expect(hashKey(0.5)).toBe(hashKey(1 / 2));
    expect(hashKey(0.5)).not.toBe(hashKey(0.25));
    expect(hashKey(NaN)).toBe(hashKey(Number('x')));
  });

  it('hashes a ContentHashedKey by its content, so a new object with the same content hashes the same', () => {
    expect(hashKey(new TextKey('a|b'))).toBe(hashKey(new TextKey('a|b')));
    expect(hashKey(new TextKey('a|b'))).toBe(hashString('a|b', 17));
  });

  it('hashes other objects and functions by identity, stably', () => {
    const object = { id: 1 };
    const fn = (): void => undefined;
    expect(hashKey(object)).toBe(hashKey(object));
    expect(hashKey(fn)).toBe(hashKey(fn));
    expect(hashKey({ id: 1 })).not.toBe(hashKey(object));
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['a symbol', Symbol('s')],
    ['a bigint', 2n ** 70n + 3n],
  ])('returns a stable 32-bit integer for %s', (_what, key) => {
    const hash = hashKey(key);
    expect(hash).toBe(hashKey(key));
    expect(hash | 0).toBe(hash);
  });
});
