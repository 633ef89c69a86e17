import { h, byId } from './dom';
import type { Query, SlaFacets } from './api';
import { fmt } from './format';

export interface Filters {
  category?: string;
  team?: string;
  channel?: string;
  /** `YYYY-MM-DD`, inclusive, in the browser's time zone. */
  from?: string;
  to?: string;
}

const NAMES = ['category', 'team', 'channel', 'from', 'to'] as const;

/** Filters live in the address bar, so a filtered view can be reloaded and shared. */
export const readFilters = (): Filters => {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(
    NAMES.map((n) => [n, params.get(n) ?? undefined]).filter(([, v]) => v),
  ) as Filters;
};

const writeFilters = (filters: Filters): void => {
  const params = new URLSearchParams();
  for (const name of NAMES) if (filters[name]) params.set(name, filters[name]!);
  history.replaceState(null, '', params.size > 0 ? `?${params}` : location.pathname);
};

const localMidnight = (date: string, plusDays = 0): string => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
};

/** The filters as API query parameters (`from`/`to` as instants; `to` includes its whole day). */
export const toQuery = (filters: Filters): Query => ({
  category: filters.category,
  team: filters.team,
  channel: filters.channel,
  from: filters.from ? localMidnight(filters.from) : undefined,
  to: filters.to ? localMidnight(filters.to, 1) : undefined,
});

export const isFiltered = (filters: Filters): boolean => NAMES.some((n) => Boolean(filters[n]));

/** Wire the filter form: fill its choices, reflect the state, report changes. */
export class FilterForm {
  private readonly form = byId<HTMLFormElement>('filters');

  constructor(
    private filters: Filters,
    onChange: (filters: Filters) => void,
  ) {
    this.reflect();
    this.form.addEventListener('change', () => {
      this.filters = this.read();
      writeFilters(this.filters);
      onChange(this.filters);
    });
    this.form.addEventListener('reset', (event) => {
      event.preventDefault();
      this.filters = {};
      this.reflect();
      writeFilters(this.filters);
      onChange(this.filters);
    });
  }

  /** Offer the values complaints carry (keeping a chosen value even when no complaint has it any more). */
  setChoices(facets: SlaFacets): void {
    const lists = { category: facets.categories, team: facets.teams, channel: facets.channels } as const;
    for (const [name, values] of Object.entries(lists) as Array<
      [keyof typeof lists, SlaFacets['categories']]
    >) {
      const select = this.form.elements.namedItem(name) as HTMLSelectElement;
      const chosen = this.filters[name];
      const options = values.map(({ value, count }) =>
        h('option', { value }, `${value} (${fmt.int(count)})`),
      );
      if (chosen && !values.some((v) => v.value === chosen))
        options.push(h('option', { value: chosen }, chosen));
      select.replaceChildren(h('option', { value: '' }, 'All'), ...options);
      select.value = chosen ?? '';
    }
  }

  private read(): Filters {
    const data = new FormData(this.form);
    return Object.fromEntries(
      NAMES.map((n) => [n, String(data.get(n) ?? '')]).filter(([, v]) => v),
    ) as Filters;
  }

  private reflect(): void {
    for (const name of NAMES) {
      const field = this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (!field) continue;
      if (
        field instanceof HTMLSelectElement &&
        this.filters[name] &&
        ![...field.options].some((o) => o.value === this.filters[name])
      ) {
        field.append(h('option', { value: this.filters[name]! }, this.filters[name]!));
      }
      field.value = this.filters[name] ?? '';
    }
  }
}
