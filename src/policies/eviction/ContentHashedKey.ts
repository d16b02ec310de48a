/**
 * A key object whose hash comes from its content, not its identity: the same content gives the
 * same hash even from a new object, so a key that left a table and comes back as a new object (a
 * re-interned composite key, a decorated method's new argument key) keeps its frequency history in
 * W-TinyLFU's sketch. Every other object is hashed by identity (see `hashKey`).
 * @internal
 */
export abstract class ContentHashedKey {
  /** A 32-bit hash of the key's content; equal contents give equal hashes. */
  abstract contentHash(): number;
}
