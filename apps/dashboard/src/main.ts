import {
  Capabilities,
  getJson,
  type AtRisk,
  type LoyaltyPage,
  type LoyaltySummary,
  type Query,
  type RetentionSummary,
  type SatisfactionSummary,
  type SlaFacets,
  type SlaSummary,
  type SlaTimeline,
} from './api';
import { byId, emptyNote, h, render } from './dom';
import { FilterForm, isFiltered, readFilters, toQuery, type Filters } from './filters';
import { followProgress, markUpdated } from './live';
import { AtRiskQueue } from './panels/at-risk';
import { CostTimeline } from './panels/cost-timeline';
import { HistoryDialog } from './panels/history-dialog';
import { renderKpis } from './panels/kpis';
import { renderLoyalty } from './panels/loyalty';
import { renderRetention } from './panels/retention';
import { SatisfactionPanel } from './panels/satisfaction';
import { renderTiers } from './panels/tiers';

/** Panels drawn from views another part of Tenfold may or may not offer yet: shown only when the API has them. */
const OPTIONAL = {
  satisfaction: '/views/satisfaction/summary',
  loyalty: '/views/loyalty/summary',
  retention: '/views/retention/summary',
} as const;
const LOYALTY_CUSTOMERS = '/views/loyalty/customers';

/** Re-read the views when they move on, but never more than one read at a time. */
class Refresher {
  private running?: Promise<void>;
  private again = false;

  constructor(private readonly read: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.read().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }
}

const failed = (container: HTMLElement, error: unknown) =>
  render(
    container,
    emptyNote(
      `Could not read this view (${error instanceof Error ? error.message : String(error)}); retrying on the next update.`,
    ),
  );

const start = async (): Promise<void> => {
  let filters: Filters = readFilters();
  const capabilities = await Capabilities.load();
  const history = new HistoryDialog();
  const cost = new CostTimeline(byId('cost'));
  const satisfaction = new SatisfactionPanel(byId('satisfaction'));
  const bucketField = byId<HTMLFieldSetElement>('bucket');
  const bucket = () =>
    (bucketField.querySelector<HTMLInputElement>('input:checked')?.value ?? 'week') as 'day' | 'week';
  for (const [panel, path] of Object.entries(OPTIONAL))
    byId(`${panel}-panel`).hidden = !capabilities.has(path);

  const refresher: Refresher = new Refresher(async () => {
    const query: Query = toQuery(filters);
    const get = <T>(path: string, extra: Query = {}) =>
      getJson<T>(path, capabilities.accepted(path, { ...query, ...extra }));
    const optional = <T>(path: string, extra: Query = {}) =>
      capabilities.has(path) ? get<T>(path, extra) : Promise.resolve(null);
    const [summary, timeline, facets, atRisk, sat, loyalty, retention, keyAtRisk] = await Promise.allSettled([
      get<SlaSummary>('/views/sla/summary'),
      get<SlaTimeline>('/views/sla/timeline', { bucket: bucket() }),
      getJson<SlaFacets>('/views/sla/facets'),
      get<AtRisk>('/views/sla/at-risk', { limit: '500' }),
      optional<SatisfactionSummary>(OPTIONAL.satisfaction),
      optional<LoyaltySummary>(OPTIONAL.loyalty),
      optional<RetentionSummary>(OPTIONAL.retention),
      optional<LoyaltyPage>(LOYALTY_CUSTOMERS, { atRisk: 'true', keyAccount: 'true', limit: '5' }),
    ]);
    const filtered = isFiltered(filters);
    const banner = byId('empty');
    if (summary.status === 'fulfilled') {
      const none = summary.value.complaints === 0;
      banner.hidden = !none;
      render(
        banner,
        ...(filtered
          ? [
              'No complaints match these filters. ',
              h(
                'button',
                { type: 'button', onclick: () => byId<HTMLFormElement>('filters').reset() },
                'Clear filters',
              ),
            ]
          : [
              'No complaints yet — send some with ',
              h('code', {}, 'POST /ingest'),
              ' or run ',
              h('code', {}, 'npm run demo'),
              ' for a few months of generated history.',
            ]),
      );
      renderKpis(byId('kpis'), summary.value);
      renderTiers(
        byId('tiers'),
        summary.value,
        timeline.status === 'fulfilled' ? timeline.value.unitCost : null,
      );
    } else failed(byId('tiers'), summary.reason);
    if (timeline.status === 'fulfilled') cost.show(timeline.value);
    else failed(byId('cost'), timeline.reason);
    if (facets.status === 'fulfilled') form.setChoices(facets.value);
    if (atRisk.status === 'fulfilled')
      queue.show(
        atRisk.value,
        filtered
          ? 'No open complaints match these filters.'
          : 'No open complaints: nothing is about to cost more.',
      );
    else failed(byId('at-risk'), atRisk.reason);
    if (sat.status === 'fulfilled' && sat.value) satisfaction.show(sat.value);
    else if (sat.status === 'rejected') failed(byId('satisfaction'), sat.reason);
    if (loyalty.status === 'fulfilled' && loyalty.value) {
      renderLoyalty(
        byId('loyalty'),
        loyalty.value,
        keyAtRisk.status === 'fulfilled' ? keyAtRisk.value : null,
      );
    } else if (loyalty.status === 'rejected') failed(byId('loyalty'), loyalty.reason);
    if (retention.status === 'fulfilled' && retention.value)
      renderRetention(byId('retention'), retention.value);
    else if (retention.status === 'rejected') failed(byId('retention'), retention.reason);
    document.body.dataset.loaded = 'true';
    markUpdated(Date.now());
  });

  const form = new FilterForm(filters, (next) => {
    filters = next;
    refresher.request();
  });
  const queue = new AtRiskQueue(
    byId('at-risk'),
    (id, opener) => void history.open(id, opener),
    () => refresher.request(),
  );
  bucketField.addEventListener('change', () => refresher.request());
  followProgress(() => refresher.request());
  // Open complaints climb tiers with time alone; re-read now and then even when nothing is ingested.
  window.setInterval(() => refresher.request(), 60_000);
  refresher.request();
};

start().catch((error: unknown) => {
  const message = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
  render(byId('kpis'), emptyNote(message));
  document.body.dataset.loaded = 'failed';
  console.error(message);
});
