import type { AtRisk, AtRiskItem } from '../api';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';

const NEXT: Record<NonNullable<AtRiskItem['nextDeadline']>, string> = {
  tier10: 'to tier 10 in',
  tier100: 'to tier 100 in',
  acknowledge: 'acknowledge due in',
  resolve: 'resolve due in',
};

/** How many complaints the panel lists at most (those counting down all come first). */
const SHOWN = 30;

/** Open complaints by time left, each counting down live; selecting one opens its history. */
export class AtRiskQueue {
  private items: AtRiskItem[] = [];
  /** Server clock minus browser clock, so countdowns match the server's deadlines. */
  private skew = 0;
  private readonly timer: number;
  private dueFired = new Set<string>();

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (complaintId: string, opener: HTMLElement) => void,
    private readonly onDue: () => void,
  ) {
    this.timer = window.setInterval(() => this.tick(), 1000);
  }

  show(queue: AtRisk, emptyText: string): void {
    this.skew = Date.parse(queue.asOf) - Date.now();
    this.items = queue.items;
    this.dueFired.clear();
    if (queue.items.length === 0) {
      render(this.container, emptyNote(emptyText));
      return;
    }
    const focused =
      document.activeElement instanceof HTMLElement ? document.activeElement.dataset.complaintId : undefined;
    // The API puts complaints with nothing ahead (already in tier 100) first; the ones still counting down are the ones to act on.
    const ahead = queue.items.filter((i) => i.nextDeadlineAt !== null);
    const overdue = queue.items.filter((i) => i.nextDeadlineAt === null);
    const shownOverdue = overdue.slice(0, Math.max(5, SHOWN - ahead.length));
    render(
      this.container,
      h(
        'div',
        { class: 'queue-scroll', 'data-testid': 'at-risk-list' },
        ahead.length > 0
          ? h('p', { class: 'queue-group', id: 'q-ahead' }, `Counting down (${fmt.int(ahead.length)})`)
          : null,
        ahead.length > 0
          ? h('ol', { class: 'queue', 'aria-labelledby': 'q-ahead' }, ...ahead.map((item) => this.row(item)))
          : null,
        overdue.length > 0
          ? h(
              'p',
              { class: 'queue-group', id: 'q-overdue' },
              `Already in tier 100 (${fmt.int(overdue.length)})`,
            )
          : null,
        overdue.length > 0
          ? h(
              'ol',
              { class: 'queue', 'aria-labelledby': 'q-overdue' },
              ...shownOverdue.map((item) => this.row(item)),
            )
          : null,
        overdue.length > shownOverdue.length
          ? h(
              'p',
              { class: 'queue-more' },
              `and ${fmt.int(overdue.length - shownOverdue.length)} more already in tier 100.`,
            )
          : null,
      ),
    );
    if (focused)
      this.container.querySelector<HTMLElement>(`[data-complaint-id="${CSS.escape(focused)}"]`)?.focus();
    this.tick();
  }

  private row(item: AtRiskItem) {
    const overdue = item.nextDeadlineAt === null;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'queue-item',
        'data-complaint-id': item.complaintId,
        'data-testid': 'at-risk-item',
      },
      h('span', { class: 'q-id' }, item.complaintId),
      h(
        'span',
        { class: `pill tier-${item.tier ?? 1}`, title: `Tier ${item.tier} now` },
        `Tier ${item.tier}`,
      ),
      h('span', { class: `sev sev-${item.severity}` }, item.severity),
      h(
        'span',
        { class: 'q-what' },
        `${item.category}${item.team ? ` · ${item.team}` : ''}`,
        h('span', { class: 'q-summary' }, item.summary),
      ),
      h(
        'span',
        { class: `q-next${overdue ? ' overdue' : ''}` },
        h('span', { class: 'q-next-label' }, overdue ? 'in tier 100, open for' : NEXT[item.nextDeadline!]),
        h('span', { class: 'countdown', 'data-testid': 'countdown' }, ''),
      ),
    );
    button.addEventListener('click', () => this.onSelect(item.complaintId, button));
    return h('li', {}, button);
  }

  private tick(): void {
    const now = Date.now() + this.skew;
    for (const element of this.container.querySelectorAll<HTMLElement>('.queue-item')) {
      const item = this.items.find((i) => i.complaintId === element.dataset.complaintId);
      const countdown = element.querySelector('.countdown');
      if (!item || !countdown) continue;
      if (item.nextDeadlineAt === null) {
        countdown.textContent = fmt.span(now - item.raisedAt);
      } else {
        const left = item.nextDeadlineAt - now;
        countdown.textContent = fmt.countdown(left);
        element.classList.toggle('urgent', left < 3_600_000);
        if (left <= 0 && !this.dueFired.has(item.complaintId)) {
          this.dueFired.add(item.complaintId);
          this.onDue();
        }
      }
      element.setAttribute(
        'aria-label',
        `${item.complaintId}, ${item.severity} ${item.category}, tier ${item.tier} now, ` +
          (item.nextDeadlineAt === null
            ? `open for ${countdown.textContent}`
            : `${NEXT[item.nextDeadline!]} ${fmt.span(item.nextDeadlineAt - now)}`),
      );
    }
  }

  dispose(): void {
    window.clearInterval(this.timer);
  }
}
