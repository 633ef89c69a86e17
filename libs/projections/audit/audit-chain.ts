import { createHash } from 'node:crypto';
import type { EventStore, StoredEvent, Subscription } from '../../event-store/event-store.port';
import type { ViewDefinition, ViewStore } from '../view-store.port';

/** A link of the chain: the hash of everything up to and including `position`. */
export interface ChainLink {
  position: number;
  hash: string;
  sealedAt: string;
}

export const auditChainView: ViewDefinition<ChainLink> = {
  name: 'audit_chain',
  columns: { position: 'integer' },
  index: (row) => ({ position: row.position }),
};

const CHECKPOINT = 'audit-chain';
const HEAD = 'head';
export const GENESIS = createHash('sha256').update('tenfold').digest('hex');

/** hash(n) = sha256(hash(n-1) ‖ the event as stored: stream, version, position, type, data, metadata). */
export const chainHash = (previous: string, event: StoredEvent): string =>
  createHash('sha256')
    .update(previous)
    .update(
      JSON.stringify([event.streamId, event.streamVersion, event.globalPosition, event.type, event.data, event.metadata]),
    )
    .digest('hex');

export interface VerifyResult {
  ok: boolean;
  checkedEvents: number;
  checkedLinks: number;
  head: ChainLink | null;
  /** The first sealed link whose hash the log no longer reproduces. */
  firstMismatch?: { position: number; sealed: string; recomputed: string };
}

/**
 * Seals the global log in a hash chain as it grows, keeping a link every `linkEvery` events and the
 * head. Unlike views it is never rebuilt from the log: it is the evidence the log is checked against.
 */
export class AuditChain {
  private subscription?: Subscription;

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    private readonly linkEvery = 1000,
  ) {}

  async head(): Promise<ChainLink | null> {
    return (await this.views.load(auditChainView, HEAD)) ?? null;
  }

  private async seal(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    let hash = (await this.head())?.hash ?? GENESIS;
    const sealedAt = new Date().toISOString();
    const changes = [];
    for (const event of events) {
      hash = chainHash(hash, event);
      if (event.globalPosition % this.linkEvery === 0) {
        const link = { position: event.globalPosition, hash, sealedAt };
        changes.push({ view: auditChainView as ViewDefinition, key: String(event.globalPosition).padStart(15, '0'), row: link });
      }
    }
    const last = events[events.length - 1].globalPosition;
    changes.push({ view: auditChainView as ViewDefinition, key: HEAD, row: { position: last, hash, sealedAt } });
    await this.views.commit(CHECKPOINT, changes, last);
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    await this.views.ensureViews([auditChainView]);
    const after = await this.views.checkpoint(CHECKPOINT);
    this.subscription = this.store.subscribe((events) => this.seal(events), { after, batchSize: 2000 });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Seal everything stored so far (CLI, tests). */
  async catchUp(): Promise<void> {
    await this.views.ensureViews([auditChainView]);
    let after = await this.views.checkpoint(CHECKPOINT);
    for (;;) {
      const events = await this.store.readAll({ after, limit: 2000 });
      if (events.length === 0) return;
      await this.seal(events);
      after = events[events.length - 1].globalPosition;
    }
  }

  /** Recompute the chain from the log and compare it with every sealed link. */
  async verify(): Promise<VerifyResult> {
    await this.views.ensureViews([auditChainView]);
    const head = await this.head();
    const links = new Map(
      (await this.views.query(auditChainView, { where: [{ column: 'position', op: 'not_null' }] })).map((l) => [l.position, l.hash]),
    );
    if (head) links.set(head.position, head.hash);
    let hash = GENESIS;
    let after = 0;
    let checkedEvents = 0;
    let checkedLinks = 0;
    const end = head?.position ?? 0;
    while (after < end) {
      const events = await this.store.readAll({ after, limit: 2000 });
      if (events.length === 0) break;
      for (const event of events) {
        if (event.globalPosition > end) break;
        hash = chainHash(hash, event);
        checkedEvents++;
        const sealed = links.get(event.globalPosition);
        if (sealed === undefined) continue;
        checkedLinks++;
        if (sealed !== hash) {
          return { ok: false, checkedEvents, checkedLinks, head, firstMismatch: { position: event.globalPosition, sealed, recomputed: hash } };
        }
      }
      after = events[events.length - 1].globalPosition;
    }
    const complete = after >= end;
    return {
      ok: complete,
      checkedEvents,
      checkedLinks,
      head,
      ...(complete ? {} : { firstMismatch: { position: after + 1, sealed: 'missing', recomputed: 'events missing from the log' } }),
    };
  }
}
