import { expect } from 'chai';
import { HOUR_MS, type Sandbox, SandboxError, startSandbox } from '../../sandbox';
import {
  APP_ID,
  defined,
  type FakeBot,
  IG_ID,
  IG_TOKEN,
  manualClock,
  PAGE_ID,
  PAGE_TOKEN,
  sandboxOptions,
  sendPostbackButtons,
  sendText,
  startFakeBot,
  startPair,
} from './helpers';

describe('sandbox programmatic API', () => {
  let sandbox: Sandbox;
  let bot: FakeBot;
  let close: () => Promise<void>;

  afterEach(async () => {
    await close?.();
  });

  it('round trip: the user says hi, a fake bot answers through the Graph API, the test reads the reply', async () => {
    ({ sandbox, bot, close } = await startPair({}, async (event) => {
      const message = event.message as { text?: string; is_echo?: boolean } | undefined;
      if (message?.text !== undefined && message.is_echo !== true) {
        const sender = (event.sender as { id: string }).id;
        await sendText(sandbox, sender, `You said: ${message.text}`, {
          message: {
            text: `You said: ${message.text}`,
            quick_replies: [{ content_type: 'text', title: 'Track my order', payload: 'TRACK' }],
          },
        });
      }
    }));
    const user = sandbox.user();
    const said = await user.say('hi');
    expect(said.delivery?.ok).to.equal(true);
    expect(said.mid).to.match(/^m_[A-Za-z0-9_-]{86}$/);

    const reply = await user.nextReply();
    expect(reply.text).to.equal('You said: hi');
    expect(reply.userId).to.equal('6780462125377510');
    expect(reply.accountId).to.equal(PAGE_ID);
    expect(reply.body).to.deep.equal({
      recipient: { id: '6780462125377510' },
      messaging_type: 'RESPONSE',
      message: {
        text: 'You said: hi',
        quick_replies: [{ content_type: 'text', title: 'Track my order', payload: 'TRACK' }],
      },
    });
    expect(reply.seq).to.be.greaterThan(said.seq);

    await user.tapQuickReply('TRACK');
    const second = await user.nextReply();
    expect(second.text).to.equal('You said: Track my order');
    expect(sandbox.sent({ userId: user.id }).map((sent) => sent.text)).to.deep.equal([
      'You said: hi',
      'You said: Track my order',
    ]);

    await sandbox.idle();
    const kinds = bot
      .events()
      .map(({ event }) =>
        Object.keys(event).find((key) => !['sender', 'recipient', 'timestamp'].includes(key)),
      );
    expect(kinds).to.deep.equal(['message', 'message', 'delivery', 'message', 'message', 'delivery']);
    const quickReplyEvent = bot.events()[3]?.event.message as Record<string, unknown>;
    expect(quickReplyEvent.text).to.equal('Track my order');
    expect(quickReplyEvent.quick_reply).to.deep.equal({ payload: 'TRACK' });
  });

  it('echoes every bot message with the app id and metadata, then reports its delivery', async () => {
    ({ sandbox, bot, close } = await startPair());
    const user = sandbox.user();
    await user.say('hello');
    const answer = await sendText(sandbox, user.id, 'Thanks!', {
      message: { text: 'Thanks!', metadata: 'flow:welcome' },
    });
    expect(answer.status).to.equal(200);
    await sandbox.idle();
    const [echo, delivery] = bot.events().slice(1);
    expect(echo?.list).to.equal('messaging');
    expect(echo?.event).to.deep.equal({
      sender: { id: PAGE_ID },
      recipient: { id: user.id },
      timestamp: (defined(echo).event as { timestamp: number }).timestamp,
      message: {
        mid: answer.body.message_id,
        is_echo: true,
        app_id: Number(APP_ID),
        metadata: 'flow:welcome',
        text: 'Thanks!',
      },
    });
    expect(delivery?.event).to.deep.equal({
      sender: { id: user.id },
      recipient: { id: PAGE_ID },
      delivery: {
        mids: [answer.body.message_id],
        watermark: (defined(delivery).event.delivery as { watermark: number }).watermark,
      },
    });
  });

  it('waitFor matches by user and text pattern, and times out with a clear error', async () => {
    ({ sandbox, bot, close } = await startPair());
    const user = sandbox.user();
    await user.say('order 42');
    const pending = sandbox.waitFor({ userId: user.id, text: /order 42 ships/ }, { timeoutMs: 2000 });
    await sendText(sandbox, user.id, 'Unrelated');
    await sendText(sandbox, user.id, 'Your order 42 ships today');
    expect((await pending).text).to.equal('Your order 42 ships today');
    const error = await sandbox.waitFor({ text: 'never' }, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SandboxError);
    expect((error as SandboxError).reason).to.equal('TIMEOUT');
  });

  it('postbacks, images, stickers, reactions and reads arrive as Meta sends them', async () => {
    const clock = manualClock(Date.UTC(2026, 5, 1));
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
    const user = sandbox.user();
    await user.say('menu');
    const buttons = await sendPostbackButtons(sandbox, user.id, 'Pick one', [['Talk to a human', 'AGENT']]);
    expect(buttons.status).to.equal(200);
    const mid = String(buttons.body.message_id);

    const postback = await user.postback('AGENT');
    expect(postback.event?.postback).to.deep.equal({
      title: 'Talk to a human',
      payload: 'AGENT',
      mid: postback.mid,
    });
    const notOffered = await user.postback('NOPE').catch((e: unknown) => e);
    expect((notOffered as SandboxError).reason).to.equal('NOT_OFFERED');
    expect((notOffered as Error).message).to.contain('"AGENT"');

    const image = await user.sendImage();
    const imageMessage = image.event?.message as {
      attachments: { type: string; payload: { url: string } }[];
    };
    expect(imageMessage.attachments).to.have.length(1);
    expect(imageMessage.attachments[0]?.type).to.equal('image');
    expect(imageMessage.attachments[0]?.payload.url).to.match(
      new RegExp(`^${sandbox.url}/sandbox/media/sample-photo\\.jpg\\?_nc_cat=1`),
    );
    const photo = await fetch(imageMessage.attachments[0]?.payload.url ?? '');
    expect(photo.headers.get('content-type')).to.equal('image/jpeg');

    const sticker = await user.sendSticker();
    const stickerMessage = sticker.event?.message as { sticker_id: number; attachments: { type: string }[] };
    expect(stickerMessage.sticker_id).to.equal(369239263222822);
    expect(stickerMessage.attachments.map((a) => a.type)).to.deep.equal(['image', 'sticker']);
    clock.set(Date.UTC(2026, 8, 1));
    const later = await user.sendSticker();
    expect(
      (defined(later.event).message as { attachments: { type: string }[] }).attachments.map((a) => a.type),
    ).to.deep.equal(['sticker']);

    const reaction = await user.react(mid, 'love');
    expect(reaction.event?.reaction).to.deep.equal({
      mid,
      action: 'react',
      reaction: 'love',
      emoji: '\u2764\uFE0F',
    });
    const read = await user.read();
    expect(read?.event?.read).to.deep.equal({
      watermark: sandbox
        .user()
        .transcript()
        .find((e) => e.mid === mid)?.at,
    });
    expect(await user.read()).to.equal(undefined);
  });

  it('advancing the clock closes the window: the Send API answers 10/2018278 at 24 h 1 min', async () => {
    const clock = manualClock();
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
    const user = sandbox.user();
    await user.say('hi');
    sandbox.clock.advance(24 * HOUR_MS + 60_000);
    const late = await sendText(sandbox, user.id, 'Still there?');
    expect(late.status).to.equal(400);
    expect(late.body.error).to.include({ code: 10, error_subcode: 2018278, type: 'OAuthException' });
    expect(sandbox.clock.now()).to.equal(clock.now() + 24 * HOUR_MS + 60_000);
  });

  it('Instagram users: IG mids, object instagram, the IG token, no webhook for stickers, story mentions', async () => {
    ({ sandbox, bot, close } = await startPair());
    const user = sandbox.user(undefined, { platform: 'instagram' });
    expect(user.accountId).to.equal(IG_ID);
    const said = await user.say('hey');
    expect(said.mid).to.match(/^aWdfZG1f/);
    expect(bot.received.at(-1)?.body.object).to.equal('instagram');
    expect(bot.received.at(-1)?.body.entry[0]?.id).to.equal(IG_ID);

    expect((await sendText(sandbox, user.id, 'hi from IG token', {}, IG_TOKEN)).status).to.equal(200);
    expect(
      (await sendText(sandbox, user.id, 'hi from the linked Page token', {}, PAGE_TOKEN)).status,
    ).to.equal(200);

    const before = bot.received.length;
    await sandbox.idle();
    const echoes = bot.received.length - before;
    const sticker = await user.sendSticker();
    expect(sticker.event).to.equal(undefined);
    expect(bot.received.length).to.equal(before + echoes);

    const mention = await user.mentionInStory();
    const attachment = (
      defined(mention.event).message as { attachments: { type: string; payload: { url: string } }[] }
    ).attachments[0];
    expect(attachment?.type).to.equal('story_mention');
  });

  it('rejects user actions the bot never offered, and a bot that does not acknowledge', async () => {
    ({ sandbox, bot, close } = await startPair({ webhook: { retries: 1 } }));
    const user = sandbox.user();
    const error = await user.tapQuickReply('RED').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SandboxError);
    expect((error as SandboxError).reason).to.equal('NOT_OFFERED');
    bot.status = 500;
    const rejected = await user.say('anyone?').catch((e: unknown) => e);
    expect((rejected as SandboxError).reason).to.equal('WEBHOOK_NOT_ACKNOWLEDGED');
    expect((rejected as SandboxError).code).to.equal('NETWORK_ERROR');
    expect(bot.received).to.have.length(2);
  });

  it('subscribes only after the GET challenge, and refuses a wrong verify token', async () => {
    bot = await startFakeBot();
    close = () => bot.close();
    const error = await startSandbox(
      sandboxOptions({ botWebhookUrl: bot.webhookUrl, verifyToken: 'wrong' }),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SandboxError);
    expect((error as SandboxError).reason).to.equal('WEBHOOK_VERIFICATION_FAILED');
    expect((error as Error).message).to.contain('verifyToken');

    const late = await startSandbox(sandboxOptions());
    close = async () => {
      await late.close();
      await bot.close();
    };
    const user = late.user();
    expect(((await user.say('hi').catch((e: unknown) => e)) as SandboxError).reason).to.equal('NO_WEBHOOK');
    await late.subscribe(bot.webhookUrl);
    expect(late.webhookUrl).to.equal(bot.webhookUrl);
    expect((await user.say('hi again')).delivery?.status).to.equal(200);
  });

  it('checks its options and names the wrong field', async () => {
    const error = await startSandbox(sandboxOptions({ appId: 'my-app' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SandboxError);
    expect((error as Error).message).to.equal(
      "Invalid sandbox options: appId: appId must be a numeric id string, e.g. '370873143344730'.",
    );
    close = async () => undefined;
  });
});
