import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config';

describe('ingest settings', () => {
  it('defaults: the Kafka worker does not project, and appends 2000 messages per transaction', () => {
    const config = loadConfig({});
    expect(config.ingestProjector).toBe('off');
    expect(config.kafka.chunkSize).toBe(2000);
    expect(config.projector).toBe('thread');
  });

  it('reads TENFOLD_PROJECTOR (thread, inline, off) and refuses anything else', () => {
    expect(loadConfig({ TENFOLD_PROJECTOR: 'inline' }).projector).toBe('inline');
    expect(loadConfig({ TENFOLD_PROJECTOR: 'off' }).projector).toBe('off');
    expect(loadConfig({ TENFOLD_PROJECTOR: 'thread' }).projector).toBe('thread');
    expect(() => loadConfig({ TENFOLD_PROJECTOR: 'worker' })).toThrow(ConfigError);
  });

  it('reads TENFOLD_INGEST_PROJECTOR (thread, inline, off) and TENFOLD_KAFKA_CHUNK, and refuses bad values', () => {
    const config = loadConfig({ TENFOLD_INGEST_PROJECTOR: 'inline', TENFOLD_KAFKA_CHUNK: '500' });
    expect(config.ingestProjector).toBe('inline');
    expect(config.kafka.chunkSize).toBe(500);
    expect(loadConfig({ TENFOLD_INGEST_PROJECTOR: 'thread' }).ingestProjector).toBe('thread');
    expect(() => loadConfig({ TENFOLD_INGEST_PROJECTOR: 'worker' })).toThrow(ConfigError);
    expect(() => loadConfig({ TENFOLD_KAFKA_CHUNK: '0' })).toThrow(ConfigError);
  });
});

describe('rebuild settings', () => {
  it('defaults TENFOLD_REBUILD_THREADS to the cores available', () => {
    expect(loadConfig({}).rebuildThreads).toBe(availableParallelism());
  });

  it('reads TENFOLD_REBUILD_THREADS and refuses what is not a positive whole number', () => {
    expect(loadConfig({ TENFOLD_REBUILD_THREADS: '1' }).rebuildThreads).toBe(1);
    expect(loadConfig({ TENFOLD_REBUILD_THREADS: '4' }).rebuildThreads).toBe(4);
    for (const bad of ['0', '-2', '1.5', 'many']) expect(() => loadConfig({ TENFOLD_REBUILD_THREADS: bad })).toThrow(ConfigError);
  });
});
