import 'reflect-metadata';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../libs/config/config';
import { createApp } from '../apps/api/src/create-app';
import { discoverRoutes, type DiscoveredRoute } from '../apps/api/src/openapi/route-discovery';
import { envelope, tempDbFile } from './support/app-harness';

/** Paths whose success answer is not JSON (HTML, files, an event stream, NDJSON). */
const isJson = (route: DiscoveredRoute) => !route.doc?.content;

describe('OpenAPI document (/docs)', () => {
  const db = tempDbFile();
  let app: NestFastifyApplication;
  let baseUrl: string;
  /** Every route Fastify was asked to map, seen independently of the document builder. */
  const mapped: Array<{ method: string; url: string }> = [];
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await createApp(
      loadConfig({ TENFOLD_DB: db.file, TENFOLD_SQLITE_SYNC: 'normal', TENFOLD_LOG_LEVEL: 'error' }),
    );
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') mapped.push({ method, url: route.url });
      });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const response = await fetch(`${baseUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as typeof doc;
  });
  afterAll(async () => {
    await app?.close();
    db.remove();
  });

  it('lists every route Nest maps, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const routes = mapped.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(10);
    expect(new Set(documented)).toEqual(new Set(routes));
    expect(doc.openapi).toBe('3.1.0');
  });

  it('gives every route a summary and a response schema, and every query its parameters', () => {
    const undocumented: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const success = Object.entries(op.responses as Record<string, any>).find(([status]) =>
          status.startsWith('2'),
        )?.[1];
        if (!success?.content || op.summary.startsWith(method.toUpperCase()))
          undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    const summary = doc.paths['/views/sla/summary'].get;
    expect(summary.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'category', 'team', 'channel', 'severity', 'customerId', 'asOf']),
    );
    expect(summary.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SlaSummary',
    });
    expect(doc.components.schemas.SlaSummary).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['resolved', 'open', 'costUnits']),
    });
    const timeline = doc.paths['/views/sla/timeline'].get.parameters.find(
      (p: { name: string }) => p.name === 'bucket',
    );
    expect(timeline.schema).toMatchObject({ enum: ['day', 'week'], default: 'day' });
    const ingest = doc.paths['/ingest'].post;
    expect(Object.keys(ingest.requestBody.content)).toEqual(['application/json', 'application/x-ndjson']);
    expect(doc.components.schemas['Envelope.complaint.raised']).toBeDefined();
    expect(doc.paths['/complaints/{id}/history'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
  });

  it('describes what the API really answers: each JSON response parses with its documented zod schema', async () => {
    const post = (body: unknown) =>
      fetch(`${baseUrl}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ingest = await post([
      envelope('o1', 'customer.registered', '2026-03-01T08:00:00Z', {
        customerId: 'K-1',
        name: 'Ada',
        keyAccount: true,
      }),
      envelope('o2', 'complaint.raised', '2026-03-01T09:00:00Z', {
        complaintId: 'C-1',
        customerId: 'K-1',
        channel: 'email',
        category: 'billing',
      }),
      envelope('o3', 'complaint.resolved', '2026-03-02T09:00:00Z', {
        complaintId: 'C-1',
        resolution: 'refund',
      }),
      envelope('o4', 'complaint.raised', new Date().toISOString(), {
        complaintId: 'C-2',
        customerId: 'K-1',
        channel: 'chat',
        category: 'delivery',
      }),
      envelope('o5', 'satisfaction.recorded', '2026-03-03T09:00:00Z', {
        customerId: 'K-1',
        kind: 'csat',
        score: 4,
        complaintId: 'C-1',
      }),
    ]);
    expect(ingest.status).toBe(200);
    const routes = discoverRoutes(app.get(DiscoveryService), app.get(MetadataScanner));
    const ids: Record<string, string> = {
      ComplaintsController: 'C-1',
      CustomersController: 'K-1',
      DeadLettersController: '1',
    };
    const checked: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && isJson(r) && r.doc?.response)) {
      const path = route.path.replace(/:(\w+)/g, () => ids[route.controller] ?? 'x');
      const response = await fetch(`${baseUrl}${path}`);
      if (response.status === 404 && route.doc?.errors?.[404]) continue;
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const parsed = route.doc!.response!.safeParse(await response.json());
      expect({ path, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ path, issues: [] });
      checked.push(route.path);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        '/views/sla/summary',
        '/views/sla/timeline',
        '/views/sla/at-risk',
        '/complaints/:id/history',
      ]),
    );
  });

  it('serves Swagger UI offline', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/docs/openapi.json');
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      const asset = await fetch(`${baseUrl}/docs/assets/${file}`);
      expect(asset.status).toBe(200);
    }
    expect((await fetch(`${baseUrl}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
