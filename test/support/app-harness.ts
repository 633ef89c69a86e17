import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type TenfoldConfig } from '../../libs/config/config';
import type { Runtime } from '../../libs/runtime/runtime';
import { createApp } from '../../apps/api/src/create-app';
import { RUNTIME } from '../../apps/api/src/infrastructure/tokens';

/** A real Tenfold HTTP app on a temporary SQLite file, listening on a free port. */
export interface RunningApp {
  app: NestFastifyApplication;
  runtime: Runtime;
  config: TenfoldConfig;
  baseUrl: string;
  dbFile: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  stop(): Promise<void>;
}

export const tempDbFile = (): { file: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'tenfold-e2e-'));
  return { file: join(dir, 'tenfold.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const startApp = async (env: Record<string, string> = {}, dbFile?: string): Promise<RunningApp> => {
  const file = dbFile ?? tempDbFile().file;
  const config = loadConfig({ TENFOLD_DB: file, TENFOLD_SQLITE_SYNC: 'normal', TENFOLD_LOG_LEVEL: 'error', PORT: '0', ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    runtime: app.get<Runtime>(RUNTIME),
    baseUrl,
    dbFile: file,
    async request(method, path, body, headers = {}) {
      const isText = typeof body === 'string';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': isText ? 'application/x-ndjson' : 'application/json', ...headers },
        body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    },
    async stop() {
      await app.close();
    },
  };
};

/** Build an envelope for tests. */
export const envelope = (
  sourceEventId: string,
  type: string,
  occurredAt: string,
  data: Record<string, unknown>,
  source = 'zendesk',
) => ({ source, sourceEventId, type, occurredAt, actor: 'agent:test', data });
