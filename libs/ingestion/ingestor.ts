import { newEventId } from '../event-store/event-id';
import { DomainError, StreamNotFound } from '../domain/shared/domain-error';
import { handleCommand } from '../event-store/handle-command';
import {
  DuplicateIdempotencyKey,
  WrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type StoredEvent,
} from '../event-store/event-store.port';
import { idempotencyKeyOf } from '../integrations/envelope';
import { isOutcome, routeEnvelope, type RoutedCommand } from './envelope-command';
import type { IngestLedger, IngestOrigin, ParkedItem } from './ingest-ledger.port';
import { rejected, type IngestOutcome } from './ingest-outcome';
import { planBatch, type BatchPlan } from './ingest-batch';
import { StreamCache } from './stream-cache';

export interface IngestorOptions {
  /** How long an envelope may stay parked before it becomes a dead letter (ms). */
  parkMaxAgeMs: number;
  now?: () => number;
}

/**
 * Takes envelopes from any transport: validates, de-duplicates by (source, sourceEventId),
 * runs the command, parks events whose stream does not exist yet and replays them when it does.
 */
export class Ingestor {
  private readonly now: () => number;
  private readonly streams = new StreamCache();

  constructor(
    private readonly store: EventStore,
    private readonly ledger: IngestLedger,
    private readonly options: IngestorOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Ingest one envelope (already JSON-parsed). */
  async ingest(raw: unknown, origin: IngestOrigin): Promise<IngestOutcome> {
    const routed = routeEnvelope(raw);
    if (isOutcome(routed)) return routed;
    const key = idempotencyKeyOf(routed.envelope);
    const duplicate = await this.findDuplicate(key);
    if (duplicate) return duplicate;
    return this.execute(routed, key, newEventId(), origin);
  }

  /** The duplicate answers of the keys among `keys` that are stored or parked (one query each). */
  private async findDuplicates(keys: string[]): Promise<Map<string, IngestOutcome>> {
    const found = new Map<string, IngestOutcome>();
    if (keys.length === 0) return found;
    const stored = this.store.findByIdempotencyKeys
      ? await this.store.findByIdempotencyKeys(keys)
      : await this.storedOneByOne(keys);
    for (const [key, event] of stored)
      found.set(key, { status: 'duplicate', eventId: event.metadata.eventId, streamId: event.streamId });
    const rest = keys.filter((key) => !found.has(key));
    for (const [key, parked] of rest.length > 0 ? await this.ledger.findParkedMany(rest) : [])
      found.set(key, {
        status: 'duplicate',
        eventId: parked.eventId,
        streamId: parked.streamId,
        parked: true,
      });
    return found;
  }

  private async storedOneByOne(keys: string[]): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    for (const key of keys) {
      const event = await this.store.findByIdempotencyKey(key);
      if (event) found.set(key, event);
    }
    return found;
  }

  private async findDuplicate(key: string): Promise<IngestOutcome | null> {
    const stored = await this.store.findByIdempotencyKey(key);
    if (stored) return { status: 'duplicate', eventId: stored.metadata.eventId, streamId: stored.streamId };
    const parked = await this.ledger.findParked(key);
    if (parked)
      return { status: 'duplicate', eventId: parked.eventId, streamId: parked.streamId, parked: true };
    return null;
  }

  /**
   * Ingest envelopes in order with the same answers as one by one, but deciding them in memory and
   * storing every accepted event in one transaction. If another writer got in between (version
   * conflict), the items not yet stored go through the one-by-one path.
   *
   * `untilRejected`: stop after the first rejected item and answer only up to it, so nothing after a
   * rejection is stored before the caller has recorded it (the Kafka worker dead-letters it and
   * commits its offset first; otherwise a crash in between would redeliver the rejected message
   * against a later state).
   */
  async ingestMany(
    raws: unknown[],
    origin: IngestOrigin,
    options: { untilRejected?: boolean } = {},
  ): Promise<IngestOutcome[]> {
    const stop = options.untilRejected ?? false;
    if (!this.store.appendMany) {
      const outcomes: IngestOutcome[] = [];
      for (const raw of raws) {
        const outcome = await this.ingest(raw, origin);
        outcomes.push(outcome);
        if (stop && outcome.status === 'rejected') break;
      }
      return outcomes;
    }
    const plan = await planBatch(raws, {
      untilRejected: stop,
      now: this.now,
      findDuplicates: (keys) => this.findDuplicates(keys),
      loadStream: (routed) => this.streams.load(this.store, routed),
      park: (routed, key, eventId) => this.park(routed, key, eventId, origin),
      parkedFor: (streamId) => this.ledger.parkedFor(streamId),
      isStored: async (key) => (await this.store.findByIdempotencyKey(key)) !== null,
    });
    const outcomes = plan.outcomes;
    try {
      const results = plan.appends.length > 0 ? await this.store.appendMany(plan.appends) : [];
      const positions = new Map(
        results.flatMap((r) => r.events.map((e) => [e.metadata.eventId, e.globalPosition] as const)),
      );
      for (const item of plan.pending) {
        outcomes.set(item.index, {
          status: 'accepted',
          eventId: item.eventId,
          streamId: item.streamId,
          position: positions.get(item.eventId),
        });
      }
      this.rememberStreams(plan, results);
      for (const item of plan.unpark) await this.ledger.unpark(item.id);
      for (const { item, outcome } of plan.deadLetters)
        await this.ledger.deadLetterParked(item.id, this.parkedDeadLetter(item, outcome));
    } catch (error) {
      for (const streamId of plan.drafts.keys()) this.streams.forget(streamId);
      if (!(error instanceof WrongExpectedVersion || error instanceof DuplicateIdempotencyKey)) throw error;
      for (const item of plan.pending) {
        const outcome = await this.ingest(raws[item.index], origin);
        outcomes.set(item.index, outcome);
        if (stop && outcome.status === 'rejected') return this.answers(outcomes, item.index + 1);
      }
    }
    return this.answers(outcomes, plan.decided);
  }

  private answers(outcomes: Map<number, IngestOutcome>, count: number): IngestOutcome[] {
    return Array.from({ length: count }, (_, index) => outcomes.get(index)!);
  }

  /** Keep the batch's streams folded, at the version the append (or the read) left them. */
  private rememberStreams(plan: BatchPlan, results: AppendResult[]): void {
    const appended = new Map(plan.appends.map((a, i) => [a.streamId, results[i].nextExpectedVersion]));
    for (const [streamId, draft] of plan.drafts)
      this.streams.remember(streamId, {
        state: draft.state,
        version: appended.get(streamId) ?? draft.version,
      });
  }

  private async execute(
    routed: RoutedCommand,
    key: string,
    eventId: string,
    origin: IngestOrigin,
  ): Promise<IngestOutcome> {
    try {
      const result = await handleCommand(this.store, routed.streamId, routed.decider, routed.command, {
        now: this.now,
        idempotencyKey: key,
        eventIds: [eventId],
      });
      if (routed.command.type === 'RaiseComplaint') await this.drain(routed.streamId);
      return { status: 'accepted', eventId, streamId: routed.streamId, position: result.lastGlobalPosition };
    } catch (error) {
      if (error instanceof DuplicateIdempotencyKey) {
        const stored = await this.store.findByIdempotencyKey(key);
        return {
          status: 'duplicate',
          eventId: stored?.metadata.eventId ?? eventId,
          streamId: routed.streamId,
        };
      }
      if (error instanceof StreamNotFound) return this.park(routed, key, eventId, origin);
      if (error instanceof DomainError) return rejected(error.code, error.message);
      throw error;
    }
  }

  private async park(
    routed: RoutedCommand,
    key: string,
    eventId: string,
    origin: IngestOrigin,
  ): Promise<IngestOutcome> {
    const result = await this.ledger.park({
      streamId: routed.streamId,
      idempotencyKey: key,
      eventId,
      envelope: routed.envelope,
      occurredAt: Date.parse(routed.envelope.occurredAt),
      parkedAt: this.now(),
      origin,
    });
    if (result === 'duplicate') {
      const existing = await this.ledger.findParked(key);
      return {
        status: 'duplicate',
        eventId: existing?.eventId ?? eventId,
        streamId: routed.streamId,
        parked: true,
      };
    }
    // The stream may have been created while we parked: drain now rather than wait for the sweeper.
    if (await this.streamExists(routed.streamId)) await this.drain(routed.streamId);
    return { status: 'accepted', eventId, streamId: routed.streamId, parked: true };
  }

  private async streamExists(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId)).length > 0;
  }

  /** Apply the parked envelopes of a stream that now exists, in business-time order. */
  async drain(streamId: string): Promise<void> {
    for (const item of await this.ledger.parkedFor(streamId)) await this.replay(item);
  }

  private async replay(item: ParkedItem): Promise<void> {
    // Stored already (a process stopped between storing it and unparking it): only unpark it.
    if (await this.store.findByIdempotencyKey(item.idempotencyKey)) return this.ledger.unpark(item.id);
    const routed = routeEnvelope(item.envelope);
    const outcome = isOutcome(routed) ? routed : await this.executeParked(routed, item);
    if (outcome === 'still_parked') return;
    if (outcome.status === 'rejected')
      await this.ledger.deadLetterParked(item.id, this.parkedDeadLetter(item, outcome));
    else await this.ledger.unpark(item.id);
  }

  private parkedDeadLetter(
    item: ParkedItem,
    outcome: Pick<Extract<IngestOutcome, { status: 'rejected' }>, 'reason' | 'message' | 'issues'>,
  ) {
    return {
      origin: item.origin,
      idempotencyKey: item.idempotencyKey,
      payload: JSON.stringify(item.envelope),
      reason: outcome.reason,
      message: outcome.message,
      issues: outcome.issues,
      createdAt: this.now(),
    };
  }

  private async executeParked(
    routed: RoutedCommand,
    item: ParkedItem,
  ): Promise<IngestOutcome | 'still_parked'> {
    try {
      await handleCommand(this.store, routed.streamId, routed.decider, routed.command, {
        now: this.now,
        idempotencyKey: item.idempotencyKey,
        eventIds: [item.eventId],
      });
      return { status: 'accepted', eventId: item.eventId, streamId: routed.streamId };
    } catch (error) {
      if (error instanceof DuplicateIdempotencyKey)
        return { status: 'duplicate', eventId: item.eventId, streamId: routed.streamId };
      if (error instanceof StreamNotFound) return 'still_parked';
      if (error instanceof DomainError) return rejected(error.code, error.message);
      throw error;
    }
  }

  /** Replay parked items whose stream now exists; dead-letter those parked longer than the bound. */
  async sweep(): Promise<{ drained: number; expired: number }> {
    let drained = 0;
    for (const streamId of await this.ledger.parkedStreams()) {
      if (!(await this.streamExists(streamId))) continue;
      await this.drain(streamId);
      drained++;
    }
    const expired = await this.ledger.parkedBefore(this.now() - this.options.parkMaxAgeMs);
    for (const item of expired) {
      const waited = Math.round((this.now() - item.parkedAt) / 1000);
      const bound = Math.round(this.options.parkMaxAgeMs / 1000);
      await this.ledger.deadLetterParked(
        item.id,
        this.parkedDeadLetter(item, {
          reason: 'parked_timeout',
          message: `Waited ${waited} s for ${item.streamId} to be created (bound ${bound} s)`,
          issues: [],
        }),
      );
    }
    return { drained, expired: expired.length };
  }
}
