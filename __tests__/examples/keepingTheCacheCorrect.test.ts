/**
 * Runs the README's "Keeping the cache correct" example (examples/keeping-the-cache-correct.ts) and
 * checks what it prints, so the example in the docs stays true.
 */
import { keepingTheCacheCorrect } from '../../examples/keeping-the-cache-correct';

describe('examples/keeping-the-cache-correct', () => {
  it('runs the contract example: each eviction reloads once, @CachePut and set() load nothing', async () => {
    const lines: string[] = [];
    const { users } = await keepingTheCacheCorrect((line) => lines.push(line.trim()));
    expect(lines).toEqual([
      expect.stringMatching(/^getUser\("1"\) +miss +-> \{"id":"1","name":"Ada"\} +\(1 query\)$/),
      expect.stringMatching(/^getUser\("1"\) +hit +-> \{"id":"1","name":"Ada"\} +\(0 queries\)$/),
      expect.stringMatching(/^@CacheEvict updateUser, then getUser\("1"\) +-> .*"Ada Lovelace"\} +\(1 query\)$/),
      expect.stringMatching(/renameUser, then getUser\("1"\) +-> .*"Countess of Lovelace"\} +\(1 query\)$/),
      expect.stringMatching(/^@CachePut saveUser\("2"\).* -> .*"Grace Hopper"\} +\(0 queries\)$/),
      '@CacheEvict({ allEntries }) reloadAll: 0 entries left',
      'has("1") before a call: false; peek("1"): undefined',
      expect.stringMatching(/^set\(value, "1"\).* -> .*"Ada \(set by hand\)"\} +\(0 queries\)$/),
      expect.stringMatching(/^refresh\("1"\).* -> .*"Countess of Lovelace"\} +\(1 query\)$/),
      'invalidate("1"): true; has("1"): false',
      'invalidateTags(["user:1", "user:2"]) removed 2 entries',
      'cacheIf: (rate) => rate !== null: 2 calls for XXX loaded 2x, 2 for EUR 1x',
    ]);
    expect(users.queries).toBe(6);
  });
});
