import { AppendNotifier } from './polling-subscription';

describe('AppendNotifier', () => {
  it('wakes waiters on notify and forgets those that timed out', async () => {
    const notifier = new AppendNotifier();
    await Promise.all([notifier.wait(5), notifier.wait(5)]);
    expect(notifier.pending).toBe(0);
    const woken = notifier.wait(10_000);
    expect(notifier.pending).toBe(1);
    notifier.notify();
    await woken;
    expect(notifier.pending).toBe(0);
  });
});
