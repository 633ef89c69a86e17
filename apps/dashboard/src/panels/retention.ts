import type { RetentionSummary } from '../api';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';

const rateBar = (
  label: string,
  group: RetentionSummary['complaintChurn']['complained'],
  max: number,
  className: string,
) =>
  h(
    'li',
    {},
    h('span', { class: 'f-name' }, label),
    h(
      'span',
      { class: 'f-track' },
      h('span', {
        class: `f-bar ${className}`,
        style: `width:${max === 0 ? 0 : ((group.rate / max) * 100).toFixed(2)}%`,
      }),
    ),
    h('span', { class: 'f-num' }, `${fmt.share(group.rate)} of ${fmt.int(group.customers)}`),
  );

/** Referrals, complaint → churn and the Pareto of customer value. */
export const renderRetention = (container: HTMLElement, s: RetentionSummary): void => {
  if (s.customers === 0) {
    render(container, emptyNote('No customers yet — send customer events (or npm run demo).'));
    return;
  }
  const churn = s.complaintChurn;
  const groups = [
    churn.complained,
    churn.notComplained,
    churn.byTier.tier1,
    churn.byTier.tier10,
    churn.byTier.tier100,
  ];
  const max = Math.max(...groups.map((g) => g.rate));
  const currency = s.pareto.currencies.length === 1 ? s.pareto.currencies[0] : null;
  const money = (value: number) => (currency ? fmt.money(value, currency) : fmt.int(value));
  render(
    container,
    h(
      'div',
      { class: 'stats' },
      h(
        'div',
        { class: 'stat' },
        h('p', { class: 'stat-value' }, fmt.int(s.referrals.made)),
        h('p', { class: 'stat-label' }, 'Referrals made'),
      ),
      h(
        'div',
        { class: 'stat' },
        h('p', { class: 'stat-value' }, fmt.int(s.referrals.converted)),
        h('p', { class: 'stat-label' }, `Became customers (${fmt.share(s.referrals.conversionRate)})`),
      ),
      h(
        'div',
        { class: 'stat' },
        h('p', { class: 'stat-value' }, fmt.int(s.suggestions)),
        h('p', { class: 'stat-label' }, 'Suggestions'),
      ),
    ),
    h('h3', {}, 'Churn: complained or not'),
    h(
      'ul',
      { class: 'funnel rates', 'data-testid': 'complaint-churn' },
      rateBar('Complained', churn.complained, max, 'bad'),
      rateBar('Did not', churn.notComplained, max, 'good'),
      rateBar('Worst tier 1', churn.byTier.tier1, max, 'tier-1'),
      rateBar('Worst tier 10', churn.byTier.tier10, max, 'tier-10'),
      rateBar('Worst tier 100', churn.byTier.tier100, max, 'tier-100'),
    ),
    h('h3', {}, 'Customer value (Pareto)'),
    h(
      'p',
      { class: 'pareto', 'data-testid': 'pareto' },
      'The top ',
      h('strong', {}, fmt.share(s.pareto.topFraction)),
      ' of customers bring ',
      h('strong', {}, fmt.share(s.pareto.topShare)),
      ` of ${money(s.pareto.totalValue)} in purchases.`,
    ),
    h(
      'ol',
      { class: 'top-customers' },
      ...s.pareto.topCustomers
        .slice(0, 5)
        .map((c) =>
          h(
            'li',
            {},
            h('span', {}, c.customerId),
            h('span', {}, `${money(c.value)} · ${fmt.share(c.share)}`),
          ),
        ),
    ),
  );
};
