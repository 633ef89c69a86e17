import type { SlaSummary } from '../api';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';

const TIERS = [
  { key: 'tier1', tier: 1, label: 'Tier 1', when: 'same day' },
  { key: 'tier10', tier: 10, label: 'Tier 10', when: 'next day' },
  { key: 'tier100', tier: 100, label: 'Tier 100', when: 'later' },
] as const;

const cell = (testId: string, value: number) =>
  h('td', { 'data-testid': testId, 'data-value': value }, fmt.int(value));

/** A 100% bar split by tier, with its numbers in words for screen readers. */
const shareBar = (label: string, parts: number[], describe: (share: number, i: number) => string) => {
  const total = parts.reduce((a, b) => a + b, 0);
  const shares = parts.map((p) => (total === 0 ? 0 : p / total));
  return h(
    'div',
    { class: 'share-row' },
    h('span', { class: 'share-label' }, label),
    h(
      'div',
      { class: 'share-bar', role: 'img', 'aria-label': `${label}: ${shares.map(describe).join(', ')}` },
      ...shares.map((share, i) =>
        h(
          'span',
          {
            class: `seg tier-${TIERS[i].tier}`,
            style: `width:${(share * 100).toFixed(2)}%`,
            title: describe(share, i),
          },
          share >= 0.08 ? fmt.share(share) : '',
        ),
      ),
    ),
  );
};

/**
 * Complaints per 1:10:100 tier, resolved and open, with what they cost: the same-day fixes are most
 * of the complaints but a sliver of the cost.
 */
export const renderTiers = (container: HTMLElement, s: SlaSummary, unitCost: number | null): void => {
  if (s.complaints === 0) {
    render(container, emptyNote('No complaints to count yet.'));
    return;
  }
  const counts = TIERS.map(({ key }) => s.resolved[key] + s.open[key]);
  const unit = unitCost ?? 1;
  const costs = TIERS.map(({ tier }, i) => counts[i] * tier * unit);
  render(
    container,
    h(
      'table',
      { class: 'tiers' },
      h('caption', { class: 'sr-only' }, 'Complaints per cost tier'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('td', {}),
          ...TIERS.map((t) =>
            h(
              'th',
              { scope: 'col', class: `tier-${t.tier}` },
              h('span', { class: 'tier-name' }, t.label),
              h('span', { class: 'tier-when' }, t.when),
            ),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'Resolved'),
          ...TIERS.map((t) => cell(`resolved-${t.key}`, s.resolved[t.key])),
        ),
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'Open now'),
          ...TIERS.map((t) => cell(`open-${t.key}`, s.open[t.key])),
        ),
        h(
          'tr',
          { class: 'cost-row' },
          h('th', { scope: 'row' }, 'Cost units'),
          ...TIERS.map((t, i) => cell(`cost-${t.key}`, costs[i])),
        ),
      ),
    ),
    h(
      'div',
      { class: 'shares' },
      shareBar('Complaints', counts, (share, i) => `${TIERS[i].label} ${fmt.share(share)}`),
      shareBar('Cost', costs, (share, i) => `${TIERS[i].label} ${fmt.share(share)}`),
    ),
    h(
      'p',
      { class: 'footnote' },
      `${fmt.int(s.withdrawn)} withdrawn (cost 0) · ${fmt.int(s.reopened)} reopened · ${fmt.int(s.escalated)} escalated. `,
      'A fix the same day costs 1, the next day 10, later 100.',
    ),
  );
};
