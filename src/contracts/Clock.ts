/** Supplies "now". Rebind it (or use jest's fake timers with the default) to control time. */
export abstract class Clock {
  /** The current time in epoch milliseconds. */
  abstract now(): number;
}
