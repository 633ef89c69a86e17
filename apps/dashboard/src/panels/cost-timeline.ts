import type { SlaTimeline } from '../api';
import { ChartSlot, COLORS } from '../charts';
import { emptyNote, h, render } from '../dom';
import { fmt } from '../format';

/** Cost units per day or week of raise, stacked by tier, with the same-day share as a line. */
export class CostTimeline {
  private readonly canvas = h('canvas', { role: 'img', 'data-testid': 'cost-chart' });
  private readonly slot = new ChartSlot(this.canvas);
  private readonly frame = h('div', { class: 'chart-frame' }, this.canvas);

  constructor(private readonly container: HTMLElement) {}

  show(timeline: SlaTimeline): void {
    const items = timeline.items;
    if (items.length === 0) {
      this.slot.destroy();
      render(this.container, emptyNote('No complaints in this range, so nothing has cost anything yet.'));
      return;
    }
    if (!this.container.contains(this.frame)) render(this.container, this.frame);
    const labels = items.map((i) =>
      timeline.bucket === 'week' ? `Wk of ${fmt.day(i.start)}` : fmt.day(i.start),
    );
    const cost = (tier: 1 | 10 | 100) =>
      items.map((i) => (i.resolved[`tier${tier}`] + i.open[`tier${tier}`]) * tier * timeline.unitCost);
    const peak = items.reduce((best, i) => (i.costUnits.total > best.costUnits.total ? i : best), items[0]);
    this.canvas.setAttribute(
      'aria-label',
      `Cost units per ${timeline.bucket} from ${fmt.day(items[0].start)} to ${fmt.day(items[items.length - 1].start)}; ` +
        `highest ${fmt.int(peak.costUnits.total)} in the ${timeline.bucket} of ${fmt.day(peak.start)}.`,
    );
    this.slot.show({
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'bar',
            label: 'Tier 1 cost',
            data: cost(1),
            backgroundColor: COLORS.tier1,
            stack: 'cost',
            yAxisID: 'y',
          },
          {
            type: 'bar',
            label: 'Tier 10 cost',
            data: cost(10),
            backgroundColor: COLORS.tier10,
            stack: 'cost',
            yAxisID: 'y',
          },
          {
            type: 'bar',
            label: 'Tier 100 cost',
            data: cost(100),
            backgroundColor: COLORS.tier100,
            stack: 'cost',
            yAxisID: 'y',
          },
          {
            type: 'line',
            label: 'Solved same day',
            data: items.map((i) => (i.sameDayShare === null ? null : i.sameDayShare * 100)),
            borderColor: COLORS.line,
            backgroundColor: COLORS.line,
            pointRadius: timeline.bucket === 'week' ? 3 : 0,
            borderWidth: 2,
            tension: 0.3,
            spanGaps: true,
            yAxisID: 'share',
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: {
            stacked: true,
            beginAtZero: true,
            title: { display: true, text: 'Cost units' },
            ticks: { callback: (v) => fmt.compact(Number(v)) },
          },
          share: {
            position: 'right',
            min: 0,
            max: 100,
            grid: { display: false },
            title: { display: true, text: 'Same day %' },
            ticks: { callback: (v) => `${v}%` },
          },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: (ctx) =>
                ctx.dataset.yAxisID === 'share'
                  ? `${ctx.dataset.label}: ${ctx.parsed.y === null ? '—' : fmt.dec(ctx.parsed.y)}%`
                  : `${ctx.dataset.label}: ${fmt.int(ctx.parsed.y ?? 0)}`,
              footer: (ctxs) => {
                const item = items[ctxs[0]?.dataIndex ?? 0];
                return `${fmt.int(item.complaints)} complaints · median ${fmt.hours(item.medianHoursToResolve)}`;
              },
            },
          },
        },
      },
    });
  }
}
