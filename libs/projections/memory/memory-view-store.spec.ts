import { runViewStoreContract } from '../contract/view-store.contract';
import { MemoryViewStore } from './memory-view-store';

runViewStoreContract('memory', async () => ({
  store: new MemoryViewStore(),
  cleanup: async () => undefined,
}));
