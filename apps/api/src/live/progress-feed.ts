import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Runtime } from '../../../../libs/runtime/runtime';
import { RUNTIME } from '../infrastructure/tokens';

export const progressEventSchema = z
  .object({
    position: z.number().int().min(0).describe('Global log position every view has processed'),
    at: z.iso.datetime().describe('Server time of the notice'),
  })
  .meta({
    id: 'ProgressEvent',
    description: 'Data of an SSE `progress` event: the views changed, read them again',
  });
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** At most one notice per this many ms: a burst of batches becomes a few notices a second. */
const THROTTLE_MS = 250;
/** With TENFOLD_PROJECTOR=off another process projects; its checkpoints are polled this often. */
const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * Tells browsers (Server-Sent Events) when the views have moved on. Fed by the in-process projector's (or its thread's)
 * progress, or by polling the views' checkpoints when the projector runs elsewhere. The source runs
 * only while someone listens.
 */
@Injectable()
export class ProgressFeed implements OnModuleDestroy {
  private readonly listeners = new Set<(event: ProgressEvent) => void>();
  private readonly connections = new Set<ServerResponse>();
  private stopSource?: () => void;
  private latest = 0;
  private lastSentAt = 0;
  private pending?: NodeJS.Timeout;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** The position every view has reached now. */
  async position(): Promise<number> {
    const { projector, views, config } = this.runtime;
    if (config.projector !== 'off') return projector.position();
    const checkpoints = await Promise.all(projector.projections.map((p) => views.checkpoint(p.name)));
    return checkpoints.length === 0 ? 0 : Math.min(...checkpoints);
  }

  /** Stream progress to one HTTP client until it goes away (or the app shuts down). */
  async attach(response: ServerResponse): Promise<void> {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const write = (text: string) => {
      if (!response.writableEnded && !response.destroyed) response.write(text);
    };
    const send = (event: ProgressEvent) =>
      write(`id: ${event.position}\nevent: progress\ndata: ${JSON.stringify(event)}\n\n`);
    write('retry: 2000\n\n');
    this.connections.add(response);
    const unsubscribe = this.subscribe(send);
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // The response closes when the client goes away (or when onModuleDestroy ends it).
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.connections.delete(response);
    });
    send({ position: Math.max(this.latest, await this.position()), at: new Date().toISOString() });
  }

  /** How many listeners (open streams) there are. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Listen to throttled progress; the returned function stops listening. */
  subscribe(listener: (event: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.startSource();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stopSourceNow();
    };
  }

  onModuleDestroy(): void {
    this.stopSourceNow();
    this.listeners.clear();
    for (const response of this.connections) response.end();
    this.connections.clear();
  }

  private startSource(): void {
    const { projector, config } = this.runtime;
    if (config.projector !== 'off') {
      const off = projector.onProgress(() => this.observe(projector.position()));
      this.stopSource = () => void off();
      return;
    }
    const poll = () =>
      this.position().then(
        (position) => this.observe(position),
        () => undefined,
      );
    const timer = setInterval(poll, POLL_MS);
    timer.unref();
    this.stopSource = () => clearInterval(timer);
  }

  private stopSourceNow(): void {
    this.stopSource?.();
    this.stopSource = undefined;
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }

  private observe(position: number): void {
    if (position <= this.latest) return;
    this.latest = position;
    if (this.pending) return;
    const wait = this.lastSentAt + THROTTLE_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.pending = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.pending = undefined;
    this.lastSentAt = Date.now();
    const event = { position: this.latest, at: new Date(this.lastSentAt).toISOString() };
    for (const listener of this.listeners) listener(event);
  }
}
