import { expect } from 'chai';
import type { PlainActivity } from '../../adapter/activity';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { readThreadOwner } from '../../adapter/state/keys';
import { HandoverMiddleware } from '../../middleware/handover';
import { loadFixture } from '../fixtures';
import { PAGE_ID, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const CONVERSATION = `${USER_ID}-${PAGE_ID}`;

async function botSees(
  fixture: string,
  azureFacebookChannel: boolean,
  adapterOut?: (a: MessengerAdapter) => void,
): Promise<PlainActivity[]> {
  const adapter = new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: 'https://graph.azure-shapes.test',
    appId: '1517776481860111',
    userNames: false,
    azureFacebookChannel,
    logger: { error: () => {} },
  });
  adapter.use(new HandoverMiddleware());
  const seen: PlainActivity[] = [];
  await adapter.process(signedPost(loadFixture(fixture).body).req, fakeResponse(), async (context) => {
    seen.push(structuredClone(context.activity) as PlainActivity);
  });
  await adapter.whenIdle();
  adapterOut?.(adapter);
  await adapter.close();
  return seen;
}

function rawEvent(fixture: string): Record<string, unknown> {
  const body = loadFixture(fixture).body as { entry: Array<Record<string, Array<Record<string, unknown>>>> };
  const entry = body.entry[0]!;
  return (entry.messaging ?? entry.standby)![0]!;
}

describe('option azureFacebookChannel (Azure Facebook channel shapes for the bot)', () => {
  it('standby: an event named standby whose value is the list of raw events, also readable as the entry', async () => {
    const raw = rawEvent('messenger/standby');
    const [activity] = await botSees('messenger/standby', true);
    expect(activity?.type).to.equal('event');
    expect(activity?.name).to.equal('standby');
    const value = activity?.value as Record<string, unknown>[] & { id: string; time: number; standby: unknown[] };
    expect(Array.isArray(value)).to.equal(true);
    expect([...value]).to.deep.equal([raw]);
    expect(activity?.channelData).to.deep.equal({ id: PAGE_ID, time: 1782894029000, standby: [raw] });
  });

  it('standby: the value array also carries id, time and standby in process', async () => {
    const raw = rawEvent('messenger/standby');
    const adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      userNames: false,
      azureFacebookChannel: true,
    });
    let value: (unknown[] & { id?: string; time?: number; standby?: unknown[] }) | undefined;
    await adapter.process(signedPost(loadFixture('messenger/standby').body).req, fakeResponse(), async (context) => {
      value = context.activity.value;
    });
    await adapter.whenIdle();
    await adapter.close();
    expect(value?.id).to.equal(PAGE_ID);
    expect(value?.time).to.equal(1782894029000);
    expect(value?.standby).to.deep.equal([raw]);
  });

  it('pass / take thread control: conversationUpdate with the raw event in channelData; the middleware still records it', async () => {
    let owner: unknown;
    const [pass] = await botSees('messenger/pass-thread-control', true, (adapter) => {
      owner = readThreadOwner(adapter.store, CONVERSATION);
    });
    expect(pass?.type).to.equal('conversationUpdate');
    expect(pass?.name).to.equal(undefined);
    expect((pass?.channelData as Record<string, unknown>).pass_thread_control).to.deep.equal({
      previous_owner_app_id: '1517776481860111',
      new_owner_app_id: '263902037430900',
      metadata: 'escalate:billing',
    });
    expect(await owner).to.deep.include({ appId: '263902037430900' });
    const [take] = await botSees('messenger/take-thread-control', true);
    expect(take?.type).to.equal('conversationUpdate');
    expect((take?.channelData as Record<string, unknown>).take_thread_control).to.not.equal(undefined);
  });

  it('request thread control: an event whose value holds request_thread_control (as on Azure, with or without the option)', async () => {
    for (const azure of [true, false]) {
      const [request] = await botSees('messenger/request-thread-control', azure);
      expect(request?.type).to.equal('event');
      expect((request?.value as Record<string, unknown>).request_thread_control).to.deep.equal({
        requested_owner_app_id: 263902037430900,
        metadata: 'agent_requested',
      });
    }
  });

  it('quick reply: text is the button title, the payload stays in channelData', async () => {
    const [azure] = await botSees('messenger/quick-reply', true);
    expect(azure?.text).to.equal('Red');
    expect((azure?.channelData as { message: { quick_reply: unknown } }).message.quick_reply).to.deep.equal({
      payload: 'PICK_RED',
    });
    const [ours] = await botSees('messenger/quick-reply', false);
    expect(ours?.text).to.equal('PICK_RED');
  });

  it('without the option: the documented shapes (messenger.standby, messenger.handover)', async () => {
    const [standby] = await botSees('messenger/standby', false);
    expect(standby?.name).to.equal('messenger.standby');
    expect(standby?.value).to.deep.equal(rawEvent('messenger/standby'));
    const [pass] = await botSees('messenger/pass-thread-control', false);
    expect(pass?.type).to.equal('event');
    expect(pass?.name).to.equal('messenger.handover');
  });

  it('opt-in and echo events carry the raw keys in value with or without the option', async () => {
    for (const azure of [true, false]) {
      const [optin] = await botSees('messenger/optin', azure);
      expect((optin?.value as Record<string, unknown>).optin).to.deep.equal(rawEvent('messenger/optin').optin);
      const [echo] = await botSees('messenger/echo', azure);
      expect(echo?.type).to.equal('event');
      expect((echo?.value as { message: { is_echo: boolean } }).message.is_echo).to.equal(true);
    }
  });
});
