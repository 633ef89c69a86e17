import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../libs/config/config';
import { DEFAULT_DEMO, generateDemoHistory } from '../../libs/integrations/demo/demo-history';
import type { Envelope } from '../../libs/integrations/envelope';
import { createApp } from '../api/src/create-app';

/**
 * `npm run demo`: generate a seeded history and send it through the public ingest path
 * (`POST /ingest`) of the server at TENFOLD_URL (default http://localhost:3000). When nothing
 * answers there and TENFOLD_URL was not set, an embedded server is started on the configured store
 * (TENFOLD_DB, default ./data/tenfold.db) just for the run.
 */
const optionsSchema = z.object({
  url: z.url().optional(),
  seed: z.coerce.number().int().default(DEFAULT_DEMO.seed),
  customers: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_DEMO.customers),
  days: z.coerce.number().int().min(1).max(3650).default(DEFAULT_DEMO.days),
  complaintsPerCustomer: z.coerce.number().positive().max(100).default(DEFAULT_DEMO.complaintsPerCustomer),
  anchor: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional(),
  batch: z.coerce.number().int().min(1).max(5000).default(1000),
});

const DEFAULT_URL = 'http://localhost:3000';

interface Report {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: Array<{ status: string; reason?: string; message?: string }>;
}

const answers = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
};

/** Whether this seed's first complaint is already stored (then the run would only add duplicates or conflicts). */
const alreadySeeded = async (url: string, first: Envelope | undefined): Promise<boolean> => {
  if (!first) return false;
  const response = await fetch(
    `${url}/complaints/${encodeURIComponent(String(first.data.complaintId))}/history`,
  );
  if (!response.ok) return false;
  const body = (await response.json()) as { events: Array<{ metadata: { sourceEventId?: string } }> };
  return body.events.some((e) => e.metadata.sourceEventId?.startsWith('demo-'));
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['url', 'seed', 'customers', 'days', 'complaints-per-customer', 'anchor', 'batch'].map((name) => [
        name,
        { type: 'string' as const },
      ]),
    ),
  });
  const options = optionsSchema.parse({
    ...values,
    complaintsPerCustomer: values['complaints-per-customer'],
    url: values.url ?? process.env.TENFOLD_URL,
  });
  const anchor = options.anchor ?? Date.now();
  const history = generateDemoHistory({ ...options, anchor });
  console.log(
    `Demo history: seed ${options.seed}, ${options.customers} customers, ${options.days} days up to ${new Date(anchor).toISOString()} — ` +
      `${history.filter((e) => e.type === 'complaint.raised').length} complaints, ${history.length} events`,
  );

  let url = (options.url ?? DEFAULT_URL).replace(/\/$/, '');
  let embedded: Awaited<ReturnType<typeof createApp>> | undefined;
  if (!(await answers(url))) {
    if (options.url)
      throw new Error(`Nothing answers at ${url}/health; start the server (npm start) or fix TENFOLD_URL`);
    const config = loadConfig({ ...process.env, TENFOLD_LOG_LEVEL: process.env.TENFOLD_LOG_LEVEL ?? 'warn' });
    embedded = await createApp(config);
    await embedded.listen(0, '127.0.0.1');
    const address = embedded.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    console.log(`No server at ${DEFAULT_URL}: using an embedded one on ${config.sqliteFile} (${url})`);
  }
  try {
    if (
      await alreadySeeded(
        url,
        history.find((e) => e.type === 'complaint.raised'),
      )
    ) {
      console.log('This demo history is already stored; nothing sent. Use a fresh TENFOLD_DB to start over.');
      return;
    }
    const totals = { accepted: 0, duplicate: 0, rejected: 0 };
    const reasons = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < history.length; i += options.batch) {
      const response = await fetch(`${url}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(history.slice(i, i + options.batch)),
      });
      if (!response.ok) throw new Error(`POST /ingest answered ${response.status}: ${await response.text()}`);
      const report = (await response.json()) as Report;
      totals.accepted += report.accepted;
      totals.duplicate += report.duplicate;
      totals.rejected += report.rejected;
      for (const r of report.results)
        if (r.status === 'rejected') reasons.set(r.reason ?? '?', (reasons.get(r.reason ?? '?') ?? 0) + 1);
      const done = Math.min(history.length, i + options.batch);
      const line = `  sent ${done}/${history.length} — accepted ${totals.accepted}, duplicate ${totals.duplicate}, rejected ${totals.rejected}`;
      if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
      else if (done === history.length || (i / options.batch) % 5 === 4) console.log(line);
    }
    console.log(
      `${process.stdout.isTTY ? '\n' : ''}Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (reasons.size > 0) console.log('Rejections:', Object.fromEntries(reasons));
    const summary = (await (await fetch(`${url}/views/sla/summary`)).json()) as {
      complaints: number;
      costUnits: { total: number };
    };
    console.log(`SLA view: ${summary.complaints} complaints, ${summary.costUnits.total} cost units.`);
    console.log(embedded ? 'Run npm start and open http://localhost:3000' : `Open ${url}`);
  } finally {
    await embedded?.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
