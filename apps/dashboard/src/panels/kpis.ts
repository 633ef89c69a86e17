import type { SlaSummary } from '../api';
import { h, render } from '../dom';
import { fmt } from '../format';

const card = (testId: string, label: string, value: string, detail: string, raw?: number | null) =>
  h(
    'div',
    { class: 'kpi', 'data-testid': testId },
    h('p', { class: 'kpi-label' }, label),
    h('p', { class: 'kpi-value', 'data-value': raw ?? '' }, value),
    h('p', { class: 'kpi-detail' }, detail),
  );

/** The headline numbers of the SLA summary. */
export const renderKpis = (container: HTMLElement, s: SlaSummary): void => {
  const resolved = s.resolved.tier1 + s.resolved.tier10 + s.resolved.tier100;
  const open = s.open.tier1 + s.open.tier10 + s.open.tier100;
  render(
    container,
    card(
      'kpi-complaints',
      'Complaints',
      fmt.int(s.complaints),
      `${fmt.int(open)} open · ${fmt.int(s.withdrawn)} withdrawn`,
      s.complaints,
    ),
    card(
      'kpi-same-day',
      'Solved the same day',
      fmt.share(s.sameDayShare),
      `of ${fmt.int(resolved)} resolved`,
      s.sameDayShare,
    ),
    card(
      'kpi-median',
      'Median time to resolve',
      fmt.hours(s.medianHoursToResolve),
      'from raise to final resolution',
      s.medianHoursToResolve,
    ),
    card(
      'kpi-cost',
      'Cost units',
      fmt.int(s.costUnits.total),
      `${fmt.int(s.costUnits.open)} still growing on open complaints`,
      s.costUnits.total,
    ),
    card(
      'kpi-breaches',
      'SLA breaches',
      fmt.int(s.slaBreaches),
      `${fmt.int(s.breaches.acknowledge)} acknowledge · ${fmt.int(s.breaches.resolve)} resolve`,
      s.slaBreaches,
    ),
  );
};
