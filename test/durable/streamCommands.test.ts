import { expect } from 'chai';
import { partitionOf } from '../../adapter/turns/durableIntake';
import {
  decodeStoredEvent,
  encodeStoredEvent,
  idleConsumers,
  parseClaimReply,
  parseReadReply,
  pendingConsumers,
} from '../../adapter/turns/streamCommands';
import type { WebhookEventRef } from '../../adapter/webhook/envelope';
import { PAGE_ID, textEvent } from '../helpers/envelopes';

describe('durable intake stream commands', () => {
  const ref: WebhookEventRef = {
    object: 'page',
    channelId: 'facebook',
    accountId: PAGE_ID,
    entryTime: 1_701_427_704_837,
    source: 'messaging',
    event: textEvent('stored', { mid: 'm_stored' }),
    index: 3,
  };

  it('stores an event as JSON and reads it back; anything else is refused', () => {
    expect(decodeStoredEvent(encodeStoredEvent(ref))).to.deep.equal(ref);
    expect(decodeStoredEvent('not json')).to.equal(undefined);
    expect(decodeStoredEvent(JSON.stringify({ o: 'page', c: 'facebook', a: '', s: 'messaging', e: {}, i: 0 }))).to.equal(undefined);
    expect(decodeStoredEvent(JSON.stringify({ o: 'whatsapp', c: 'facebook', a: '1', s: 'messaging', e: {}, i: 0 }))).to.equal(undefined);
  });

  it('parses XREADGROUP, XAUTOCLAIM, XPENDING and XINFO CONSUMERS replies (strings or Buffers)', () => {
    const read = [['p:in:1', [['1-0', ['e', 'A']], ['2-0', [Buffer.from('e'), Buffer.from('B')]]]]];
    expect(parseReadReply(read)).to.deep.equal([
      ['p:in:1', [{ id: '1-0', payload: 'A' }, { id: '2-0', payload: 'B' }]],
    ]);
    expect(parseReadReply(null)).to.deep.equal([]);
    expect(parseClaimReply(['5-0', [['3-0', ['e', 'C']], null], []])).to.deep.equal({
      cursor: '5-0',
      entries: [{ id: '3-0', payload: 'C' }],
    });
    expect(pendingConsumers([2, '1-0', '2-0', [['a', '1'], ['b', '1']]])).to.deep.equal(['a', 'b']);
    expect(pendingConsumers([0, null, null, null])).to.deep.equal([]);
    const consumers = [
      ['name', 'gone', 'pending', 0, 'idle', 60_000],
      ['name', 'busy', 'pending', 2, 'idle', 60_000],
      ['name', 'fresh', 'pending', 0, 'idle', 10],
    ];
    expect(idleConsumers(consumers, 10_000)).to.deep.equal(['gone']);
  });

  it('puts a conversation in the same partition on every instance, and spreads conversations', () => {
    expect(partitionOf('6780462125377510-370873143344730', 16)).to.equal(partitionOf('6780462125377510-370873143344730', 16));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`${1_000_000 + i}-${PAGE_ID}`, 16)));
    expect(used.size).to.equal(16);
  });
});
