import type { StoredEvent } from '../../event-store/event-store.port';
import { OUTBOUND_HEADERS, toOutboundMessage } from './outbound-publisher';

describe('toOutboundMessage', () => {
  const event: StoredEvent = {
    streamId: 'complaint-C-1',
    streamVersion: 2,
    globalPosition: 41,
    type: 'ComplaintResolved',
    data: { complaintId: 'C-1', resolution: 'refund issued' },
    metadata: {
      eventId: 'ev-1',
      occurredAt: '2026-03-01T16:20:00.000Z',
      recordedAt: '2026-03-01T16:20:01.000Z',
      source: 'zendesk',
      sourceEventId: 'zd-9912-3',
      schemaVersion: 1,
    },
  };

  it('keys the message by stream and carries id, type and position in headers', () => {
    const message = toOutboundMessage(event);
    expect(message.key).toBe('complaint-C-1');
    expect(message.headers).toEqual({
      [OUTBOUND_HEADERS.eventId]: 'ev-1',
      [OUTBOUND_HEADERS.eventType]: 'ComplaintResolved',
      [OUTBOUND_HEADERS.globalPosition]: '41',
    });
  });

  it('puts the whole stored event, with its place in stream and log, in the value', () => {
    expect(JSON.parse(String(toOutboundMessage(event).value))).toEqual({
      type: 'ComplaintResolved',
      data: event.data,
      metadata: event.metadata,
      streamId: 'complaint-C-1',
      streamVersion: 2,
      globalPosition: 41,
    });
  });
});
