import type { Scenario } from '../lib/scenario';

export const kafkaIngest: Scenario = {
  name: 'kafka-ingest',
  title: 'Kafka ingest: envelopes pre-produced to the local broker → stored and projected by the ingest worker',
  async run() {
    return { skipped: 'not written yet' };
  },
};
