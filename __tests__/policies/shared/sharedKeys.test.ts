import { InvalidCacheConfigError, sharedHashTag, sharedKeyPrefix, sharedLeaseKey, sharedRecordKey } from '../../../src';

/** The hash tag Redis Cluster hashes: between the first `{` and the first `}` after it, if non-empty. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('shared keys', () => {
  describe('sharedRecordKey()', () => {
    it('joins namespace, name, version and the braced arguments with colons', () => {
      expect(sharedRecordKey('orders', 'OrderService.getOrder', 1, '42')).toBe('orders:OrderService.getOrder:1:{42}');
      expect(sharedRecordKey('orders', 'getRate', 'v2', 'EUR')).toBe('orders:getRate:v2:{EUR}');
    });

    it.each([
      ['empty arguments', ''],
      ['a closing brace first', '}x'],
      ['braces inside', 'a{b}c'],
      ['backslashes', 'a\\]b'],
      ['NUL and control characters', '\u0000a1:\u0001'],
    ])('keeps the record and its lease in one hash slot with %s', (_, args) => {
      const key = sharedRecordKey('ns', 'f', 1, args);
      expect(hashedPart(key)).not.toBe(key);
      expect(hashedPart(sharedLeaseKey(key))).toBe(hashedPart(key));
      expect(key.startsWith(sharedKeyPrefix('ns', 'f', 1))).toBe(true);
    });

    it('never maps two argument encodings to one key', () => {
      const encodings = ['', '\\0', '0', '}', '\\]', ']', '\\', '\\\\', 'a}b', 'a\\]b', '{}', '\\}'];
      const keys = new Set(encodings.map((args) => sharedHashTag(args)));
      expect(keys.size).toBe(encodings.length);
    });
  });

  describe('sharedKeyPrefix()', () => {
    it('ends with a colon so that one cache never prefixes another', () => {
      expect(sharedKeyPrefix('ns', 'f', 1)).toBe('ns:f:1:');
      expect(sharedKeyPrefix('ns', 'f', 10).startsWith(sharedKeyPrefix('ns', 'f', 1))).toBe(false);
    });

    it.each([
      ['namespace', ['a:b', 'f', 1]],
      ['namespace', ['', 'f', 1]],
      ['name', ['ns', 'get{x}', 1]],
      ['name', ['ns', 'a b', 1]],
      ['name', ['ns', 'glob*', 1]],
      ['version', ['ns', 'f', -1]],
      ['version', ['ns', 'f', 1.5]],
      ['version', ['ns', 'f', 'v:2']],
    ] as const)('throws InvalidCacheConfigError naming %s and its value', (option, [namespace, name, version]) => {
      const call = (): string => sharedKeyPrefix(namespace, name, version);
      expect(call).toThrow(InvalidCacheConfigError);
      expect(call).toThrow(option);
    });
  });
});
