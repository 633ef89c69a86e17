import { byId } from './dom';
import { fmt } from './format';

/**
 * Follows `/events/progress` (Server-Sent Events): each `progress` event means the views moved on.
 * The browser's EventSource reconnects by itself; the status line says what is going on.
 */
export const followProgress = (onProgress: () => void): void => {
  const status = byId('live');
  const source = new EventSource('/events/progress');
  source.addEventListener('open', () => status.classList.remove('offline'));
  source.addEventListener('progress', () => onProgress());
  source.addEventListener('error', () => {
    status.classList.add('offline');
    status.textContent = 'Reconnecting to live updates…';
  });
  window.addEventListener('pagehide', () => source.close());
};

/** Say when the page last read the views. */
export const markUpdated = (at: number): void => {
  const status = byId('live');
  if (status.classList.contains('offline')) return;
  status.dataset.updatedAt = String(at);
  status.textContent = `Live · updated ${fmt.time(at)}`;
};
