import type { SatisfactionSummary } from '../api';
import { svg } from '../dom';
import { fmt } from '../format';

const W = 360;
const H = 250;
const WATER = 66;
/** The outline: a small tip above the waterline, a broad body below it. */
const OUTLINE =
  'M96 66 L112 30 L126 40 L140 14 L156 36 L168 28 L184 66 L214 96 L232 150 L220 196 L188 236 L130 244 L84 224 L52 178 L46 128 L66 92 Z';

/**
 * The complaint iceberg: formal complaints are the tip above the water; the unhappy customers who
 * told someone else, and those who said nothing, are the mass below (bands sized by their share).
 */
export const iceberg = (ice: SatisfactionSummary['iceberg']): SVGElement => {
  const total = Math.max(1, ice.estimatedUnhappy || ice.formal + ice.voicedElsewhere + ice.silent);
  const below = H - WATER - 8;
  const voicedHeight =
    ice.voicedElsewhere + ice.silent === 0
      ? below / 2
      : (below * ice.voicedElsewhere) / (ice.voicedElsewhere + ice.silent);
  const share = (n: number) => fmt.share(n / total);
  const label = (y: number, title: string, value: string, dark: boolean) =>
    svg(
      'g',
      {},
      svg('line', {
        x1: 226,
        x2: 244,
        y1: y,
        y2: y,
        stroke: dark ? '#1e3a5f' : '#ffffff',
        'stroke-width': 1.5,
      }),
      svg('text', { x: 250, y: y - 4, class: `ice-label${dark ? '' : ' on-water'}` }, title),
      svg('text', { x: 250, y: y + 13, class: `ice-value${dark ? '' : ' on-water'}` }, value),
    );
  return svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      class: 'iceberg',
      role: 'img',
      'data-testid': 'iceberg',
      'aria-label':
        `Complaint iceberg: ${fmt.int(ice.formal)} formal complaints (${share(ice.formal)}) above the waterline; below it ` +
        `about ${fmt.int(ice.voicedElsewhere)} unhappy customers voiced it elsewhere (${share(ice.voicedElsewhere)}) and ` +
        `${fmt.int(ice.silent)} stayed silent (${share(ice.silent)}).`,
    },
    svg(
      'defs',
      {},
      svg('clipPath', { id: 'ice-clip' }, svg('path', { d: OUTLINE })),
      svg(
        'linearGradient',
        { id: 'sea', x1: 0, y1: 0, x2: 0, y2: 1 },
        svg('stop', { offset: '0%', 'stop-color': '#2f6fb3' }),
        svg('stop', { offset: '100%', 'stop-color': '#14304f' }),
      ),
    ),
    svg('rect', { x: 0, y: 0, width: W, height: WATER, fill: '#eef5fc' }),
    svg('rect', { x: 0, y: WATER, width: W, height: H - WATER, fill: 'url(#sea)' }),
    svg(
      'g',
      { 'clip-path': 'url(#ice-clip)' },
      svg('rect', { x: 0, y: 0, width: W, height: WATER, fill: '#ffffff' }),
      svg('rect', { x: 0, y: WATER, width: W, height: voicedHeight, fill: '#cfe3f5', 'fill-opacity': 0.92 }),
      svg('rect', {
        x: 0,
        y: WATER + voicedHeight,
        width: W,
        height: H,
        fill: '#8fb8df',
        'fill-opacity': 0.85,
      }),
    ),
    svg('path', { d: OUTLINE, fill: 'none', stroke: '#1e3a5f', 'stroke-width': 1.5 }),
    svg('line', { x1: 0, x2: W, y1: WATER, y2: WATER, stroke: '#1e3a5f', 'stroke-dasharray': '4 3' }),
    label(40, 'Formal complaints', `${fmt.int(ice.formal)} · ${share(ice.formal)}`, true),
    label(
      WATER + voicedHeight / 2 + 4,
      'Voiced elsewhere',
      `≈ ${fmt.int(ice.voicedElsewhere)} · ${share(ice.voicedElsewhere)}`,
      false,
    ),
    label(
      WATER + voicedHeight + (below - voicedHeight) / 2 + 4,
      'Silent',
      `≈ ${fmt.int(ice.silent)} · ${share(ice.silent)}`,
      false,
    ),
  );
};
