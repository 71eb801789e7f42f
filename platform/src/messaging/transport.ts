// What the outbox relay and the consumers need from a message transport. Two implementations pass the
// same contract tests: Apache Kafka, and the in-process bus of the embedded mode.

export interface OutgoingMessage {
  topic: string;
  /** Messages of one key stay in order (the entity id). */
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface IncomingMessage extends OutgoingMessage {
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  /** Consumer group: every group receives every message once it has committed past it. */
  group: string;
  topics: readonly string[];
  /**
   * Called one message at a time, in order within a partition; partitions are consumed in parallel. The offset is
   * committed only after it resolves; if it rejects, the message is delivered again (after a pause).
   */
  handle?(message: IncomingMessage, signal: AbortSignal): Promise<void>;
  /**
   * Instead of `handle`: the messages of one partition that are waiting, in order, up to `maxBatch` at a time
   * (partitions in parallel). The batch's offsets are committed after it resolves; if it rejects, the whole batch
   * is delivered again (after a pause).
   */
  handleBatch?(messages: readonly IncomingMessage[], signal: AbortSignal): Promise<void>;
  /** Largest batch handed to `handleBatch` (default 256). */
  maxBatch?: number;
}

export interface Subscription {
  /**
   * Has the group applied (committed) every message its topics held when the subscription began? Once true it stays
   * true. A process that must not act on stale facts (DESIGN rule 4: a session ended while it was down) waits for it.
   */
  caughtUp(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface Transport {
  readonly kind: 'kafka' | 'memory';
  /** Creates topics that are missing (no-op where topics need no creation). */
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Resolves once every message is durably accepted; rejects if any was not. */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** For /ready: can it reach its broker now? */
  isReachable(): Promise<boolean>;
  /** Waits (bounded) until consumers have caught up: a clean stop of the in-process bus loses nothing. */
  drain(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
