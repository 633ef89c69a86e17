import type { LoyaltyPage, LoyaltySummary } from '../api';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';
import { splitBar } from './satisfaction';

const STAGES = ['encounter', 'courtship', 'engaged', 'married', 'lifelong'] as const;
const REASONS: Record<keyof LoyaltySummary['atRiskReasons'], string> = {
  open_complaint_tier_100: 'open complaint in tier 100',
  detractor_nps: 'detractor NPS',
  low_csat: 'CSAT ≤ 2',
};
const title = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The stage funnel (customers who ever reached each stage, and who is there now), levels and at-risk customers. */
export const renderLoyalty = (
  container: HTMLElement,
  s: LoyaltySummary,
  keyAtRisk: LoyaltyPage | null,
): void => {
  if (s.customers === 0) {
    render(
      container,
      emptyNote(
        'No customers yet — send customer.registered and customer.purchased events (or npm run demo).',
      ),
    );
    return;
  }
  const top = Math.max(1, s.reached.encounter);
  render(
    container,
    h(
      'ol',
      {
        class: 'funnel',
        'aria-label': 'Relationship stages: customers who ever reached each, and who are there now',
        'data-testid': 'loyalty-funnel',
      },
      ...STAGES.map((stage) =>
        h(
          'li',
          {},
          h('span', { class: 'f-name' }, title(stage)),
          h(
            'span',
            { class: 'f-track' },
            h('span', {
              class: 'f-bar',
              style: `width:${Math.max(0.5, (s.reached[stage] / top) * 100).toFixed(2)}%`,
            }),
          ),
          h(
            'span',
            { class: 'f-num' },
            `${fmt.int(s.reached[stage])} reached · ${fmt.int(s.stages[stage])} now`,
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'footnote' },
      `${fmt.int(s.stages.churned)} churned now (${fmt.int(s.reached.churned)} ever) of ${fmt.int(s.customers)} customers.`,
    ),
    splitBar('Loyalty level', [
      { name: 'None', value: s.levels.none, className: 'muted' },
      { name: 'Normal', value: s.levels.normal, className: 'ok' },
      { name: 'Strong', value: s.levels.strong, className: 'good' },
      { name: 'Committed', value: s.levels.committed, className: 'best' },
    ]),
    h(
      'p',
      { class: 'risk', 'data-testid': 'loyalty-at-risk' },
      h('strong', {}, fmt.int(s.atRisk)),
      ` customers at risk (${fmt.share(s.atRisk / s.customers)}): `,
      (Object.keys(REASONS) as Array<keyof typeof REASONS>)
        .map((k) => `${fmt.int(s.atRiskReasons[k])} ${REASONS[k]}`)
        .join(' · '),
    ),
    keyAtRisk && keyAtRisk.total > 0
      ? h(
          'div',
          { 'data-testid': 'key-accounts-at-risk' },
          h('h3', {}, `Key accounts at risk (${fmt.int(keyAtRisk.total)})`),
          h(
            'ul',
            { class: 'top-customers' },
            ...keyAtRisk.items.map((c) =>
              h(
                'li',
                {},
                h('span', {}, c.customerId),
                `${c.name ?? ''} · ${c.stage} · ${c.atRiskReasons.map((r) => REASONS[r]).join(', ')}`,
              ),
            ),
          ),
        )
      : null,
  );
};
