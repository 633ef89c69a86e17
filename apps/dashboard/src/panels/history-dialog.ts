import { getJson, type ComplaintDetails, type ComplaintHistory } from '../api';
import { byId, h, render } from '../dom';
import { fmt, humanize } from '../format';

const field = (label: string, value: string | number | null | undefined) =>
  h(
    'div',
    { class: 'field' },
    h('dt', {}, label),
    h('dd', {}, value === null || value === undefined || value === '' ? '—' : String(value)),
  );

const isMoney = (value: unknown): value is { amount: number; currency: string } =>
  typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value;

const dataValue = (value: unknown): string =>
  isMoney(value)
    ? fmt.money(value.amount, value.currency)
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

const dataLines = (data: Record<string, unknown>) =>
  Object.entries(data)
    .filter(([key]) => key !== 'complaintId')
    .map(([key, value]) => h('li', {}, h('span', { class: 'k' }, key), ' ', dataValue(value)));

/** A complaint's state and its events with metadata, in a modal dialog (Esc or × closes it). */
export class HistoryDialog {
  private readonly dialog = byId<HTMLDialogElement>('history');
  private readonly body = byId('history-body');
  private opener?: HTMLElement;

  constructor() {
    byId('history-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.opener?.focus());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close();
    });
  }

  async open(complaintId: string, opener?: HTMLElement): Promise<void> {
    this.opener = opener;
    byId('history-title').textContent = `Complaint ${complaintId}`;
    render(this.body, h('p', { class: 'empty-note' }, 'Loading…'));
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const id = encodeURIComponent(complaintId);
      const [details, history] = await Promise.all([
        getJson<ComplaintDetails>(`/complaints/${id}`),
        getJson<ComplaintHistory>(`/complaints/${id}/history`),
      ]);
      this.show(details, history);
    } catch (error) {
      render(
        this.body,
        h('p', { class: 'empty-note' }, `Could not load the complaint: ${(error as Error).message}`),
      );
    }
  }

  private show(c: ComplaintDetails, history: ComplaintHistory): void {
    const breaches = [c.sla.breaches.acknowledge && 'acknowledge', c.sla.breaches.resolve && 'resolve']
      .filter(Boolean)
      .join(' and ');
    render(
      this.body,
      h(
        'p',
        { class: 'status-line' },
        h('span', { class: `pill status-${c.status}` }, c.status),
        c.tier === null
          ? ' withdrawn, costs nothing'
          : h(
              'span',
              { class: `pill tier-${c.tier}` },
              `Tier ${c.tier} · ${fmt.int(c.cost)} unit${c.cost === 1 ? '' : 's'}`,
            ),
        ' ',
        c.summary,
      ),
      h(
        'dl',
        { class: 'details' },
        field('Customer', `${c.customerId}${c.keyAccount ? ' (key account)' : ''}`),
        field('Category', c.category),
        field('Channel', c.channel),
        field('Severity', c.severity),
        field('Team', c.team ? `${c.team}${c.assignee ? ` · ${c.assignee}` : ''}` : null),
        field('Raised', fmt.dateTime(c.raisedAt)),
        field(
          c.status === 'withdrawn' ? 'Withdrawn' : 'Resolved',
          c.resolvedAt ? fmt.dateTime(c.resolvedAt) : c.withdrawnAt ? fmt.dateTime(c.withdrawnAt) : null,
        ),
        field('Acknowledge by', c.sla.acknowledgeBy ? fmt.dateTime(c.sla.acknowledgeBy) : null),
        field('Resolve by', c.sla.resolveBy ? fmt.dateTime(c.sla.resolveBy) : null),
        field('SLA', breaches ? `breached: ${breaches}` : 'on target'),
      ),
      h(
        'h3',
        {},
        `History (${fmt.int(history.events.length)} event${history.events.length === 1 ? '' : 's'})`,
      ),
      h(
        'ol',
        { class: 'timeline', 'data-testid': 'history-events' },
        ...history.events.map((e) =>
          h(
            'li',
            { 'data-testid': 'history-event', 'data-type': e.type },
            h('p', { class: 'ev-type' }, humanize(e.type)),
            h(
              'p',
              { class: 'ev-meta' },
              `Occurred ${fmt.dateTime(e.metadata.occurredAt)} · recorded ${fmt.dateTime(e.metadata.recordedAt)}`,
              h('br', {}),
              `Source ${e.metadata.source}${e.metadata.sourceEventId ? ` (${e.metadata.sourceEventId})` : ''}`,
              e.metadata.actor ? ` · by ${e.metadata.actor}` : '',
              ` · #${e.position}`,
            ),
            h('ul', { class: 'ev-data' }, ...dataLines(e.data)),
          ),
        ),
      ),
    );
  }
}
