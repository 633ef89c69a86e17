import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);
Chart.defaults.font.family =
  getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#3d4a5c';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** Tier colours (also in styles.css): green, amber, red — each readable on white. */
export const COLORS = {
  tier1: '#1a7f37',
  tier10: '#b25e09',
  tier100: '#c2252d',
  line: '#1e3a5f',
  accent: '#2f6fb3',
  muted: '#8a96a8',
};

/** One chart per canvas, updated in place on refresh (no flicker, no leak). */
export class ChartSlot {
  private chart?: Chart;
  private type?: string;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  show(config: ChartConfiguration): void {
    if (this.chart && this.type === config.type) {
      this.chart.data = config.data;
      if (config.options) this.chart.options = config.options;
      this.chart.update('none');
      return;
    }
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config);
    this.type = config.type;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
