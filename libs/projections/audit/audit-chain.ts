import { createHash } from 'node:crypto';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { Projector } from '../projector';
import { andThen, type Projection, type ViewDefinition, type ViewSession, type ViewStore } from '../view-store.port';

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

/** The key of a link row (sorts by position). */
const linkKey = (position: number): string => String(position).padStart(15, '0');

/**
 * The chain as the projector runs it: every event extends the head, and every `linkEvery`-th
 * position keeps a link. It follows the same reads of the log as the views and commits in the same
 * transaction, with a checkpoint of its own (`audit-chain`). Unlike a view it is never reset or
 * rebuilt (it is what the log is checked against), and its `sealedAt` is the time of sealing.
 */
export const auditChainProjection = (linkEvery: number): Projection => {
  let stampedAt = 0;
  let stamp = '';
  const sealedAt = (): string => {
    const now = Date.now();
    if (now !== stampedAt) {
      stampedAt = now;
      stamp = new Date(now).toISOString();
    }
    return stamp;
  };
  const seal = (session: ViewSession, head: ChainLink | undefined, event: StoredEvent): void => {
    // Sealed already (the head commits with the checkpoint, so only a replayed batch gets here).
    if (head && event.globalPosition <= head.position) return;
    const hash = chainHash(head?.hash ?? GENESIS, event);
    const at = sealedAt();
    if (event.globalPosition % linkEvery === 0)
      session.put(auditChainView, linkKey(event.globalPosition), { position: event.globalPosition, hash, sealedAt: at });
    // The session's own row: updated in place, one head per commit whatever the batch size.
    const next = head ?? { position: 0, hash: GENESIS, sealedAt: at };
    next.position = event.globalPosition;
    next.hash = hash;
    next.sealedAt = at;
    session.put(auditChainView, HEAD, next);
  };
  return {
    name: CHECKPOINT,
    views: [auditChainView],
    apply: (event, session) => andThen(session.get(auditChainView, HEAD), (head) => seal(session, head, event)),
  };
};

/**
 * Seals the global log in a hash chain as it grows, keeping a link every `linkEvery` events and the
 * head. The projector that follows the log seals it (`projection`, passed to it as evidence); this
 * object reads, extends and verifies the chain.
 */
export class AuditChain {
  /** Give this to the projector that follows the log (`ProjectorOptions.evidence`). */
  readonly projection: Projection;

  constructor(
    private readonly store: EventStore,
    private readonly views: ViewStore,
    linkEvery = 1000,
  ) {
    this.projection = auditChainProjection(linkEvery);
  }

  async head(): Promise<ChainLink | null> {
    return (await this.views.load(auditChainView, HEAD)) ?? null;
  }

  /** Seal everything stored so far (CLI, tests; a running projector seals as it goes). */
  async catchUp(): Promise<void> {
    await new Projector(this.store, this.views, [], undefined, { evidence: [this.projection] }).catchUp();
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
