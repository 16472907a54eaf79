import { expect } from 'chai';
import sinon from 'sinon';
import { stateKeys } from '../../../adapter/state/keys';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import {
  CLOSED_RETENTION_MS,
  getWindowState,
  readLastUserAt,
  recordTtlMs,
  recordUserInteraction,
  recordWindowRefusal,
  windowStateAt,
} from '../../../middleware/messagingWindow/windowState';
import { DAY, HOUR, MINUTE, T0 } from './helpers';

const CONVERSATION = '6780462125377510-370873143344730';

describe('messagingWindow / windowState', () => {
  let clock: sinon.SinonFakeTimers;
  let store: MemoryStateStore;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
    store = new MemoryStateStore();
  });
  afterEach(() => {
    store.close();
    clock.restore();
  });

  it('stores a bare number under stateKeys.window', async () => {
    await recordUserInteraction(store, CONVERSATION, T0 - 5000, T0);
    expect(await store.get(stateKeys.window(CONVERSATION))).to.equal(T0 - 5000);
    expect(stateKeys.window(CONVERSATION)).to.equal(`w:${CONVERSATION}`);
  });

  it('only moves the record forward: a late, older event leaves a newer record alone', async () => {
    expect(await recordUserInteraction(store, CONVERSATION, T0 - HOUR, T0)).to.equal(T0 - HOUR);
    expect(await recordUserInteraction(store, CONVERSATION, T0 - 2 * HOUR, T0)).to.equal(T0 - HOUR);
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(T0 - HOUR);
    expect(await recordUserInteraction(store, CONVERSATION, T0, T0)).to.equal(T0);
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(T0);
  });

  it('keeps a record until 7 days after the 7-day window ended, then forgets it', async () => {
    await recordUserInteraction(store, CONVERSATION, T0, T0);
    expect(recordTtlMs(T0, T0)).to.equal(7 * DAY + CLOSED_RETENTION_MS);
    clock.tick(14 * DAY - 1);
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(T0);
    clock.tick(2);
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(undefined);
  });

  it('ignores a stored value that is not a finite number (another writer, a corrupt record)', async () => {
    await store.set(stateKeys.window(CONVERSATION), { lastUserAt: T0 });
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(undefined);
    await store.set(stateKeys.window(CONVERSATION), '1782894001000');
    expect(await readLastUserAt(store, CONVERSATION)).to.equal(undefined);
  });

  describe('recordWindowRefusal (Meta said the window is closed)', () => {
    it('an untagged refusal moves the record back to 24 hours ago at most', async () => {
      await recordUserInteraction(store, CONVERSATION, T0 - HOUR, T0);
      expect(await recordWindowRefusal(store, CONVERSATION, 'facebook', 'standard', T0)).to.equal(T0 - DAY);
      expect((await getWindowState(store, CONVERSATION)).status).to.equal('human-agent-only');
    });

    it('a tagged refusal moves it back to 7 days ago at most', async () => {
      await recordUserInteraction(store, CONVERSATION, T0 - 2 * DAY, T0);
      expect(await recordWindowRefusal(store, CONVERSATION, 'instagram', 'all', T0)).to.equal(T0 - 7 * DAY);
      expect((await getWindowState(store, CONVERSATION, { channelId: 'instagram' })).status).to.equal(
        'closed',
      );
    });

    it('never moves the record forward', async () => {
      await recordUserInteraction(store, CONVERSATION, T0 - 3 * DAY, T0);
      expect(await recordWindowRefusal(store, CONVERSATION, 'facebook', 'standard', T0)).to.equal(
        T0 - 3 * DAY,
      );
    });

    it('writes a record when there was none (the store was reset)', async () => {
      expect(await recordWindowRefusal(store, CONVERSATION, 'facebook', 'standard', T0)).to.equal(T0 - DAY);
      expect(await readLastUserAt(store, CONVERSATION)).to.equal(T0 - DAY);
    });

    it('a closed record is still kept for the retention time, so it is refused locally', async () => {
      await recordWindowRefusal(store, CONVERSATION, 'facebook', 'all', T0);
      clock.tick(CLOSED_RETENTION_MS - 1);
      expect((await getWindowState(store, CONVERSATION)).status).to.equal('closed');
      clock.tick(2);
      expect((await getWindowState(store, CONVERSATION)).status).to.equal('unknown');
    });
  });

  describe('windowStateAt / getWindowState (the query API)', () => {
    it('open: counts down to the end of the 24-hour window', () => {
      expect(windowStateAt(CONVERSATION, T0 - 20 * HOUR, T0)).to.deep.equal({
        conversationId: CONVERSATION,
        channelId: 'facebook',
        status: 'open',
        lastUserAt: T0 - 20 * HOUR,
        standardEndsAt: T0 + 4 * HOUR,
        humanAgentEndsAt: T0 - 20 * HOUR + 7 * DAY,
        changesAt: T0 + 4 * HOUR,
        nextStatus: 'human-agent-only',
        remainingMs: 4 * HOUR,
      });
    });

    it('human-agent-only: counts down to the end of the 7-day window', () => {
      const state = windowStateAt(CONVERSATION, T0 - (6 * DAY + 23 * HOUR), T0, { channelId: 'instagram' });
      expect(state).to.include({
        channelId: 'instagram',
        status: 'human-agent-only',
        changesAt: T0 + HOUR,
        nextStatus: 'closed',
        remainingMs: HOUR,
      });
    });

    it('closed and unknown have no countdown', () => {
      expect(windowStateAt(CONVERSATION, T0 - (7 * DAY + MINUTE), T0)).to.include({
        status: 'closed',
        changesAt: undefined,
        nextStatus: undefined,
        remainingMs: undefined,
      });
      expect(windowStateAt(CONVERSATION, undefined, T0)).to.deep.equal({
        conversationId: CONVERSATION,
        channelId: 'facebook',
        status: 'unknown',
        lastUserAt: undefined,
        standardEndsAt: undefined,
        humanAgentEndsAt: undefined,
        changesAt: undefined,
        nextStatus: undefined,
        remainingMs: undefined,
      });
    });

    it('with humanAgentTag: false the window goes from open straight to closed at 24 hours', () => {
      expect(windowStateAt(CONVERSATION, T0 - HOUR, T0, { humanAgentTag: false })).to.include({
        status: 'open',
        nextStatus: 'closed',
        changesAt: T0 + 23 * HOUR,
      });
      expect(windowStateAt(CONVERSATION, T0 - 2 * DAY, T0, { humanAgentTag: false }).status).to.equal(
        'closed',
      );
    });

    it('getWindowState reads the store and follows the clock', async () => {
      await recordUserInteraction(store, CONVERSATION, T0, T0);
      expect((await getWindowState(store, CONVERSATION)).status).to.equal('open');
      clock.tick(DAY);
      expect((await getWindowState(store, CONVERSATION)).status).to.equal('human-agent-only');
      expect((await getWindowState(store, CONVERSATION, { now: () => T0 + 8 * DAY })).status).to.equal(
        'closed',
      );
      expect((await getWindowState(store, 'someone-else')).status).to.equal('unknown');
    });
  });
});
