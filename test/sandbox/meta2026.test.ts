import { expect } from 'chai';
import { HOUR_MS, type Sandbox } from '../../sandbox';
import { graph, IG_TOKEN, manualClock, sendText, startPair } from './helpers';

type ErrorBody = { error: { code: number; message: string; error_subcode?: number } };

describe('sandbox: utility message templates', () => {
  let sandbox: Sandbox;
  let close: () => Promise<void>;
  let bot: { received: { body: unknown }[] };
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 10, 2, 9, 0, 0));
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
  });
  afterEach(async () => {
    await close();
  });

  const shipped = (name: string, parameters: Record<string, unknown>[]) => ({
    name,
    language: { code: 'en' },
    components: [{ type: 'body', parameters }],
  });

  it('searches the library, clones a template (approved at once) and lists it; order_shipped is there from the start', async () => {
    const found = await graph<{ data: { name: string }[] }>(sandbox, 'GET', '/message_template_library', {
      query: { name_or_content: 'shipped', language: 'en' },
    });
    expect(found.body.data.map((t) => t.name)).to.deep.equal(['order_shipped_1']);
    const cloned = await graph(sandbox, 'POST', '/me/message_templates', {
      body: { name: 'my_order_conf', category: 'UTILITY', language: 'en', library_template_name: 'order_confirmation_1' },
    });
    expect(cloned.body).to.include({ status: 'APPROVED', category: 'UTILITY' });
    const listed = await graph<{ data: { name: string; status: string }[] }>(sandbox, 'GET', '/me/message_templates');
    expect(listed.body.data.map((t) => [t.name, t.status])).to.deep.equal([
      ['order_shipped', 'APPROVED'],
      ['my_order_conf', 'APPROVED'],
    ]);
  });

  it('rejects a template that reads like marketing', async () => {
    const created = await graph(sandbox, 'POST', '/me/message_templates', {
      body: {
        name: 'spring_sale',
        category: 'UTILITY',
        language: 'en',
        components: [{ type: 'BODY', text: 'Spring sale: 20% discount on {{1}}' }],
      },
    });
    // the answer says PENDING; Meta's verdict follows as a template status webhook
    expect(created.body).to.include({ status: 'PENDING' });
    await sandbox.idle();
    const hook = bot.received.at(-1)?.body as { entry: { changes: { field: string; value: unknown }[] }[] };
    expect(hook.entry[0]?.changes[0]).to.deep.equal({
      field: 'messenger_template_status_update',
      value: {
        event: 'REJECTED',
        message_template_id: Number((created.body as { id: string }).id),
        message_template_name: 'spring_sale',
        message_template_language: 'en',
        message_template_category: 'UTILITY',
        reason: 'TAG_SHOULD_BE_MARKETING',
      },
    });
  });

  it('sends an approved template with UTILITY after 25 h; refuses text marked UTILITY and Instagram', async () => {
    const user = sandbox.user();
    await user.say('where is my order?');
    sandbox.clock.advance(25 * HOUR_MS);
    expect((await sendText(sandbox, user.id, 'It shipped')).body.error).to.deep.include({ code: 10 });
    const sent = await graph(sandbox, 'POST', '/me/messages', {
      body: {
        recipient: { id: user.id },
        messaging_type: 'UTILITY',
        message: { template: shipped('order_shipped', [{ type: 'text', text: '566701' }]) },
      },
    });
    expect(sent.status).to.equal(200);
    expect(user.transcript().at(-1)?.message).to.deep.include({
      text: 'Good news! Your order 566701 has shipped.',
    });
    const text = await sendText(sandbox, user.id, 'It shipped', { messaging_type: 'UTILITY' });
    expect((text.body as unknown as ErrorBody).error.code).to.equal(100);
    const unknownTemplate = await graph(sandbox, 'POST', '/me/messages', {
      body: { recipient: { id: user.id }, messaging_type: 'UTILITY', message: { template: shipped('nope', []) } },
    });
    expect((unknownTemplate.body as unknown as ErrorBody).error.message).to.contain('does not exist');

    const igUser = sandbox.user(undefined, { platform: 'instagram' });
    await igUser.say('hi');
    const ig = await graph(sandbox, 'POST', '/me/messages', {
      token: IG_TOKEN,
      body: {
        recipient: { id: igUser.id },
        messaging_type: 'UTILITY',
        message: { template: shipped('order_shipped', [{ type: 'text', text: '1' }]) },
      },
    });
    expect((ig.body as unknown as ErrorBody).error.message).to.contain('not supported for Instagram');
  });
});

describe('sandbox: reactions, stickers, image sets, Graph versions, comments and the ad window', () => {
  let sandbox: Sandbox;
  let close: () => Promise<void>;
  let bot: { received: { body: unknown }[] };
  beforeEach(async () => {
    ({ sandbox, bot, close } = await startPair());
  });
  afterEach(async () => {
    await close();
  });

  it('Messenger takes react, sticker_id and up to 30 images; Instagram up to 10 images and no sticker_id', async () => {
    const user = sandbox.user();
    const said = await user.say('hi');
    const react = await graph(sandbox, 'POST', '/me/messages', {
      body: { recipient: { id: user.id }, sender_action: 'react', payload: { message_id: said.mid, reaction: '😊' } },
    });
    expect(react.status).to.equal(200);
    expect(user.transcript()[0]?.reactions.page).to.equal('😊');
    const sticker = await graph(sandbox, 'POST', '/me/messages', {
      body: { recipient: { id: user.id }, message: { sticker_id: 369239263222822 } },
    });
    expect(sticker.status).to.equal(200);
    const images = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'image', payload: { url: `https://cdn.example/${i}.jpg` } }));
    const thirty = await graph(sandbox, 'POST', '/me/messages', {
      body: { recipient: { id: user.id }, message: { attachments: images(30) } },
    });
    expect(thirty.status).to.equal(200);

    const igUser = sandbox.user(undefined, { platform: 'instagram' });
    await igUser.say('hi');
    const eleven = await graph(sandbox, 'POST', '/me/messages', {
      token: IG_TOKEN,
      body: { recipient: { id: igUser.id }, message: { attachments: images(11) } },
    });
    expect((eleven.body as unknown as ErrorBody).error.message).to.contain('at most 10 items');
    const igSticker = await graph(sandbox, 'POST', '/me/messages', {
      token: IG_TOKEN,
      body: { recipient: { id: igUser.id }, message: { sticker_id: 369239263222822 } },
    });
    expect((igSticker.body as unknown as ErrorBody).error.code).to.equal(100);
  });

  it('answers the versions Meta serves (up to v27.0, retired ones too) and 2500 for a version that does not exist', async () => {
    const call = (version: string) =>
      fetch(`${sandbox.graphApiUrl}/${version}/me/messages`, { method: 'POST' }).then(
        async (r) => ((await r.json()) as ErrorBody).error,
      );
    // no token: Meta's 2500 "an active access token must be used" for a real version
    expect((await call('v27.0')).message).not.to.contain('Unknown path');
    expect((await call('v20.0')).message).not.to.contain('Unknown path');
    expect((await call('v28.0')).message).to.contain('Unknown path components');
    expect((await call('latest')).message).to.contain('Unknown path components');
  });

  it('posts a feed comment under changes[], takes one private reply within 7 days, and public replies', async () => {
    const user = sandbox.user();
    const { commentId } = await user.comment('How much is this?');
    const hook = bot.received.at(-1)?.body as { entry: { changes: { field: string; value: Record<string, unknown> }[] }[] };
    expect(hook.entry[0]?.changes[0]).to.deep.include({ field: 'feed' });
    expect(hook.entry[0]?.changes[0]?.value).to.include({ comment_id: commentId, item: 'comment', verb: 'add' });
    const privately = (text: string) =>
      graph(sandbox, 'POST', '/me/messages', { body: { recipient: { comment_id: commentId }, message: { text } } });
    expect((await privately('It is 49 €.')).body).to.include({ recipient_id: user.id });
    expect(((await privately('Again')).body as unknown as ErrorBody).error.code).to.equal(10900);
    const publicly = await graph(sandbox, 'POST', `/${commentId}/comments`, { body: { message: 'Sent you a message!' } });
    expect(publicly.status).to.equal(200);
    const late = await user.comment('Still there?');
    sandbox.clock.advance(8 * 24 * HOUR_MS);
    const tooLate = await graph(sandbox, 'POST', '/me/messages', {
      body: { recipient: { comment_id: late.commentId }, message: { text: 'Sorry!' } },
    });
    expect((tooLate.body as unknown as ErrorBody).error.code).to.equal(10903);
  });

  it('after a message from an ad, RESPONSE / UPDATE are accepted for 7 days, then refused', async () => {
    const user = sandbox.user();
    const arrived = await user.arriveFromAd('Is this still available?');
    expect((arrived.event?.message as { referral?: unknown }).referral).to.deep.include({ source: 'ADS', type: 'OPEN_THREAD' });
    sandbox.clock.advance(6 * 24 * HOUR_MS);
    const state = (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as {
      conversations: { user: { id: string }; window: { state: string } }[];
    };
    expect(state.conversations.find((c) => c.user.id === user.id)?.window.state).to.equal('open');
    expect((await sendText(sandbox, user.id, 'Yes, in all sizes.', { messaging_type: 'UPDATE' })).status).to.equal(200);
    sandbox.clock.advance(2 * 24 * HOUR_MS);
    expect((await sendText(sandbox, user.id, 'Still interested?', { messaging_type: 'UPDATE' })).body.error).to.deep.include({
      code: 10,
      error_subcode: 2018278,
    });
  });
});
