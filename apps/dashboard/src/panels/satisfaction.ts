import type { SatisfactionSummary } from '../api';
import { ChartSlot, COLORS } from '../charts';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';
import { iceberg } from './iceberg';

const stat = (testId: string, label: string, value: string, detail: string) =>
  h(
    'div',
    { class: 'stat', 'data-testid': testId },
    h('p', { class: 'stat-value' }, value),
    h('p', { class: 'stat-label' }, label),
    h('p', { class: 'stat-detail' }, detail),
  );

/** A 100% bar of labelled parts. */
export const splitBar = (label: string, parts: Array<{ name: string; value: number; className: string }>) => {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  return h(
    'div',
    { class: 'split' },
    h('p', { class: 'split-label' }, label),
    h(
      'div',
      {
        class: 'share-bar',
        role: 'img',
        'aria-label': `${label}: ${parts.map((p) => `${p.name} ${fmt.int(p.value)}`).join(', ')}`,
      },
      ...parts.map((p) => {
        const share = total === 0 ? 0 : p.value / total;
        return h(
          'span',
          {
            class: `seg ${p.className}`,
            style: `width:${(share * 100).toFixed(2)}%`,
            title: `${p.name}: ${fmt.int(p.value)}`,
          },
          share >= 0.12 ? fmt.share(share) : '',
        );
      }),
    ),
    h(
      'p',
      { class: 'legend' },
      ...parts.map((p) =>
        h('span', {}, h('i', { class: `swatch ${p.className}` }), `${p.name} ${fmt.int(p.value)}`),
      ),
    ),
  );
};

/** CSAT and NPS (now and by month), the attitude split and the complaint iceberg. */
export class SatisfactionPanel {
  private readonly canvas = h('canvas', { role: 'img' });
  private readonly trend = new ChartSlot(this.canvas);

  constructor(private readonly container: HTMLElement) {}

  show(s: SatisfactionSummary): void {
    const answers = s.csat.responses + s.nps.responses;
    if (answers === 0 && s.iceberg.formal === 0) {
      this.trend.destroy();
      render(
        this.container,
        emptyNote(
          'No scores or formal complaints yet — send satisfaction.recorded events (or npm run demo).',
        ),
      );
      return;
    }
    render(
      this.container,
      h(
        'div',
        { class: 'stats' },
        stat(
          'csat',
          'CSAT average',
          s.csat.average === null ? '—' : `${fmt.dec2(s.csat.average)} / 5`,
          `${fmt.int(s.csat.responses)} answers`,
        ),
        stat(
          'csat-satisfied',
          'Satisfied (CSAT 4–5)',
          s.csat.satisfiedPct === null ? '—' : fmt.share(s.csat.satisfiedPct / 100),
          'of CSAT answers',
        ),
        stat(
          'nps',
          'NPS',
          s.nps.score === null ? '—' : fmt.dec(s.nps.score),
          `${fmt.int(s.nps.responses)} answers`,
        ),
      ),
      splitBar('Attitude', [
        { name: 'Dissatisfied', value: s.attitude.dissatisfied, className: 'bad' },
        { name: 'Satisfied', value: s.attitude.satisfied, className: 'ok' },
        { name: 'Delighted', value: s.attitude.delighted, className: 'good' },
      ]),
      s.byMonth.length > 1 ? h('div', { class: 'chart-frame small' }, this.canvas) : null,
      h('h3', {}, 'The complaint iceberg'),
      iceberg(s.iceberg),
    );
    if (s.byMonth.length > 1) this.showTrend(s.byMonth);
    else this.trend.destroy();
  }

  private showTrend(months: SatisfactionSummary['byMonth']): void {
    this.canvas.setAttribute(
      'aria-label',
      `CSAT and NPS by month: ${months.map((m) => `${fmt.month(m.month)} CSAT ${m.csat.average ?? '—'}, NPS ${m.nps.score ?? '—'}`).join('; ')}`,
    );
    this.trend.show({
      type: 'line',
      data: {
        labels: months.map((m) => fmt.month(m.month)),
        datasets: [
          {
            label: 'CSAT (1–5)',
            data: months.map((m) => m.csat.average),
            borderColor: COLORS.accent,
            backgroundColor: COLORS.accent,
            yAxisID: 'csat',
            tension: 0.3,
            spanGaps: true,
          },
          {
            label: 'NPS',
            data: months.map((m) => m.nps.score),
            borderColor: COLORS.tier10,
            backgroundColor: COLORS.tier10,
            yAxisID: 'nps',
            tension: 0.3,
            spanGaps: true,
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          csat: { min: 1, max: 5, position: 'left', title: { display: true, text: 'CSAT' } },
          nps: {
            min: -100,
            max: 100,
            position: 'right',
            grid: { display: false },
            title: { display: true, text: 'NPS' },
          },
          x: { grid: { display: false } },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } },
      },
    });
  }
}
