import { ProgressFeed } from '../apps/api/src/live/progress-feed';
import { envelope, startApp, tempDbFile, type RunningApp } from './support/app-harness';

interface ProgressEvent {
  position: number;
  at: string;
}

/** Reads Server-Sent Events from a streaming fetch body. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next `progress` event, or a timeout error. */
  async next(timeoutMs: number): Promise<ProgressEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: progress') && data) return JSON.parse(data.slice(6)) as ProgressEvent;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no progress event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no progress event within ${timeoutMs} ms`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }
}

const open = async (api: RunningApp) => {
  const controller = new AbortController();
  const response = await fetch(`${api.baseUrl}/events/progress`, { signal: controller.signal });
  return { response, events: new EventReader(response.body!.getReader()), close: () => controller.abort() };
};

const raise = (id: string) =>
  envelope(`live-${id}`, 'complaint.raised', new Date().toISOString(), {
    complaintId: id,
    customerId: 'K-1',
    channel: 'chat',
    category: 'billing',
  });

describe('live progress (SSE /events/progress)', () => {
  describe('with the projector in this process', () => {
    let api: RunningApp;
    const db = tempDbFile();
    beforeAll(async () => {
      api = await startApp({}, db.file);
    });
    afterAll(async () => {
      await api?.stop();
      db.remove();
    });

    it('says where the views are on connect, then again within 2 s of an ingest', async () => {
      const stream = await open(api);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      expect(stream.response.headers.get('cache-control')).toContain('no-cache');
      const first = await stream.events.next(2000);
      const ingested = await api.request('POST', '/ingest', [raise('C-L1'), raise('C-L2')]);
      const started = Date.now();
      expect(ingested.body.accepted).toBe(2);
      let event = await stream.events.next(2000);
      while (event.position < first.position + 2)
        event = await stream.events.next(2000 - (Date.now() - started));
      expect(Date.now() - started).toBeLessThan(2000);
      stream.close();
    });

    it('throttles a burst of batches to a few notices', async () => {
      const stream = await open(api);
      await stream.events.next(2000);
      for (let i = 0; i < 8; i++) await api.request('POST', '/ingest', [raise(`C-B${i}`)]);
      const seen: ProgressEvent[] = [];
      const until = Date.now() + 900;
      try {
        while (Date.now() < until) seen.push(await stream.events.next(until - Date.now()));
      } catch {
        // the window closed
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.length).toBeLessThanOrEqual(5);
      stream.close();
    });

    it('lets go of the listener when the browser leaves, and of open streams on shutdown', async () => {
      const feed = api.app.get(ProgressFeed);
      const stream = await open(api);
      await stream.events.next(2000);
      expect(feed.listenerCount).toBe(1);
      stream.close();
      for (let i = 0; i < 50 && feed.listenerCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(feed.listenerCount).toBe(0);
      const again = await open(api);
      await again.events.next(2000);
      // Left open on purpose: app.close() in afterAll must end it rather than hang.
    });
  });

  describe('with the projector in another process (TENFOLD_PROJECTOR=off)', () => {
    let api: RunningApp;
    const db = tempDbFile();
    beforeAll(async () => {
      api = await startApp({ TENFOLD_PROJECTOR: 'off' }, db.file);
    });
    afterAll(async () => {
      await api?.stop();
      db.remove();
    });

    it('polls the views’ checkpoints and reports when they move', async () => {
      const stream = await open(api);
      const first = await stream.events.next(2000);
      await api.request('POST', '/ingest', [raise('C-P1')]);
      // Stand-in for the projector process: project what is stored, committing the checkpoints.
      await api.runtime.projector.catchUp();
      const event = await stream.events.next(3000);
      expect(event.position).toBeGreaterThan(first.position);
      stream.close();
    });
  });
});
