import type { ReceivedBusMessage, SharedBusMessage } from '../policies/shared/types';

const WIRE_VERSION = 1;

/**
 * The wire form of bus messages: UTF-8 JSON `{ "v": 1, "o": origin, "m": message }`. Decoding
 * checks the shape field by field, so a foreign or newer message is refused rather than half-read.
 * @internal
 */
export class RedisBusCodec {
  /** Encodes `message` sent by `origin`. */
  encode(message: SharedBusMessage, origin: string): string {
    return JSON.stringify({ v: WIRE_VERSION, o: origin, m: message });
  }

  /** Decodes a message, or `undefined` when `text` is not one this codec writes. */
  decode(text: string): ReceivedBusMessage | undefined {
    let wire: unknown;
    try {
      wire = JSON.parse(text);
    } catch {
      // Not JSON: refused like any other foreign message (the caller reports it).
      return undefined;
    }
    if (!isRecord(wire) || wire.v !== WIRE_VERSION || typeof wire.o !== 'string' || !isRecord(wire.m)) return undefined;
    const origin = wire.o;
    const m = wire.m;
    switch (m.type) {
      case 'invalidate':
      case 'replace':
        return isStrings(m.keys) ? { type: m.type, keys: m.keys, origin } : undefined;
      case 'clear':
        return typeof m.prefix === 'string' ? { type: 'clear', prefix: m.prefix, origin } : undefined;
      case 'tags':
        return isStrings(m.tags) && typeof m.at === 'number'
          ? { type: 'tags', tags: m.tags, at: m.at, origin }
          : undefined;
      default:
        return undefined;
    }
  }

  /** Why `message` cannot be published, or `undefined` when it is well formed. */
  problem(message: SharedBusMessage): string | undefined {
    if (!isRecord(message)) return 'expected a message object';
    switch (message.type) {
      case 'invalidate':
      case 'replace':
        return isStrings(message.keys) ? undefined : `expected keys: string[] on a ${message.type} message`;
      case 'clear':
        return typeof message.prefix === 'string' && message.prefix !== ''
          ? undefined
          : 'expected a non-empty prefix on a clear message';
      case 'tags':
        return isStrings(message.tags) && Number.isFinite(message.at)
          ? undefined
          : 'expected tags: string[] and a finite at on a tags message';
      default:
        return `expected type 'invalidate', 'replace', 'clear' or 'tags', got ${JSON.stringify((message as { type?: unknown }).type)}`;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
