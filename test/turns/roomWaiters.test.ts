import { expect } from 'chai';
import { MAX_HELD_REQUESTS, RoomWaiters } from '../../adapter/turns/roomWaiters';

describe('RoomWaiters (backpressure while the backlog is full)', () => {
  it('lets held requests go on first come, first served, one per wake', async () => {
    const waiters = new RoomWaiters();
    const order: string[] = [];
    const a = waiters.wait(4000).then((room) => order.push(`a:${room}`));
    const b = waiters.wait(4000).then((room) => order.push(`b:${room}`));
    expect(waiters.held).to.equal(2);
    waiters.wakeOne();
    await a;
    expect(order).to.deep.equal(['a:true']);
    waiters.wakeOne();
    await b;
    expect([order, waiters.held]).to.deep.equal([['a:true', 'b:true'], 0]);
  });

  it('puts a request that was woken but did not fit back at the head, ahead of later ones', async () => {
    const waiters = new RoomWaiters();
    const order: string[] = [];
    const later = waiters.wait(4000).then(() => order.push('later'));
    const again = waiters.wait(4000, true).then(() => order.push('woken before'));
    waiters.wakeOne();
    await again;
    waiters.wakeOne();
    await later;
    expect(order).to.deep.equal(['woken before', 'later']);
  });

  it('gives up after the hold, and leaves the queue empty', async () => {
    const waiters = new RoomWaiters();
    expect(await waiters.wait(10)).to.equal(false);
    expect(waiters.held).to.equal(0);
    waiters.wakeOne(); // nobody waits: nothing happens
  });

  it(`refuses at once with a hold of 0 or past ${MAX_HELD_REQUESTS} held requests`, async () => {
    const waiters = new RoomWaiters();
    expect(await waiters.wait(0)).to.equal(false);
    const held = Array.from({ length: MAX_HELD_REQUESTS }, () => waiters.wait(4000));
    expect(await waiters.wait(4000)).to.equal(false);
    waiters.wakeAll();
    expect(await Promise.all(held)).to.satisfy((rooms: boolean[]) => rooms.every((room) => room));
    expect(waiters.held).to.equal(0);
  });
});
