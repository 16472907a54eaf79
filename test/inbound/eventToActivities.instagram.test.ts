import { expect } from 'chai';
import type { PlainActivity } from '../../adapter/activity';
import { field, mapFixture, onlyRef, withRaw } from './helpers';

const IG = '17841400123456789';
const IGSID = '7190835724411234';
const APP = '1517776481860111';
const IG_INBOX = '1217981644879628';
const T = 1782894000000;

type Raw = Record<string, unknown>;

function fromUser(name: string, time: number, rest: PlainActivity): PlainActivity {
  return {
    timestamp: new Date(time),
    channelId: 'instagram',
    serviceUrl: 'https://graph.facebook.com',
    from: { id: IGSID },
    recipient: { id: IG },
    conversation: { id: `${IGSID}-${IG}` },
    channelData: onlyRef(name).event,
    ...rest,
  };
}

const mid = (name: string): string => field<string>(name, 'message', 'mid');
const attachment0 = (name: string): Raw => field<Raw[]>(name, 'message', 'attachments')[0]!;
const url0 = (name: string): string => (attachment0(name).payload as Raw).url as string;

describe('eventToActivities: Instagram (object instagram)', () => {
  it('text -> message on channel instagram, from the IGSID to the IG account', () => {
    const name = 'instagram/text';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 50000, { type: 'message', id: mid(name), text: 'Do you ship to Austria?' }),
    ]);
  });

  it('quick reply -> text = payload', () => {
    const name = 'instagram/quick-reply';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 51000, { type: 'message', id: mid(name), text: 'SIZE_M' }),
    ]);
  });

  it('image on the lookaside CDN (no file name) -> image/jpeg, no name', () => {
    const name = 'instagram/image';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 52000, {
        type: 'message',
        id: mid(name),
        attachments: [{ contentType: 'image/jpeg', contentUrl: url0(name), content: attachment0(name) }],
      }),
    ]);
  });

  it('voice note -> audio/mp4 (family default)', () => {
    const name = 'instagram/audio';
    expect(mapFixture(name)[0]!.attachments).to.deep.equal([
      { contentType: 'audio/mp4', contentUrl: url0(name), content: attachment0(name) },
    ]);
  });

  it('story mention -> application/vnd.instagram.story_mention with the story URL', () => {
    const name = 'instagram/story-mention';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 53000, {
        type: 'message',
        id: mid(name),
        attachments: [
          {
            contentType: 'application/vnd.instagram.story_mention',
            contentUrl: url0(name),
            content: attachment0(name),
          },
        ],
      }),
    ]);
  });

  it('story reply (reply_to.story) -> text plus application/vnd.instagram.story_reply, no replyToId', () => {
    const name = 'instagram/story-reply';
    const story = field<Raw>(name, 'message', 'reply_to', 'story');
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal(
      fromUser(name, T + 54000, {
        type: 'message',
        id: mid(name),
        text: 'Love this colour 😍',
        attachments: [
          {
            contentType: 'application/vnd.instagram.story_reply',
            contentUrl: story.url as string,
            content: story,
          },
        ],
      }),
    );
    expect(activity!.attachments![0]!.content).to.equal(activity!.channelData.message.reply_to.story);
  });

  it('is_unsupported -> a message with neither text nor attachments', () => {
    const name = 'instagram/unsupported';
    expect(mapFixture(name)).to.deep.equal([fromUser(name, T + 55000, { type: 'message', id: mid(name) })]);
  });

  it('ig_reel -> application/vnd.instagram.ig_reel named by its title', () => {
    const name = 'instagram/ig-reel';
    expect(mapFixture(name)[0]!.attachments).to.deep.equal([
      {
        contentType: 'application/vnd.instagram.ig_reel',
        contentUrl: url0(name),
        name: 'Behind the scenes of our summer drop ☀️ #linen',
        content: attachment0(name),
      },
    ]);
  });

  it('share -> application/vnd.instagram.share', () => {
    const name = 'instagram/share';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 57000, {
        type: 'message',
        id: mid(name),
        attachments: [
          {
            contentType: 'application/vnd.instagram.share',
            contentUrl: url0(name),
            content: attachment0(name),
          },
        ],
      }),
    ]);
  });

  it('seen (read.mid) -> event messenger.read', () => {
    const name = 'instagram/seen';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 58000, {
        type: 'event',
        name: 'messenger.read',
        value: withRaw(name, { mid: mid('instagram/echo') }),
      }),
    ]);
  });

  it('reaction / unreaction -> messageReaction with the IG reaction name and the target mid', () => {
    const target = field<string>('instagram/reaction', 'reaction', 'mid');
    expect(mapFixture('instagram/reaction')).to.deep.equal([
      fromUser('instagram/reaction', T + 59000, {
        type: 'messageReaction',
        reactionsAdded: [{ type: 'love' }],
        replyToId: target,
      }),
    ]);
    expect(mapFixture('instagram/unreaction')).to.deep.equal([
      fromUser('instagram/unreaction', T + 60000, {
        type: 'messageReaction',
        reactionsRemoved: [{ type: 'other' }],
        replyToId: target,
      }),
    ]);
  });

  it('echo (no app_id) -> messenger.echo from the IG account to the IGSID', () => {
    const name = 'instagram/echo';
    const expected = {
      ...fromUser(name, T + 61000, {
        type: 'event',
        name: 'messenger.echo',
        id: mid(name),
        text: 'Yes, we ship to Austria within 3 days.',
        value: withRaw(name, {}),
      }),
      from: { id: IG },
      recipient: { id: IGSID },
    };
    expect(mapFixture(name)).to.deep.equal([expected]);
    expect(mapFixture(name, { appId: APP })).to.deep.equal([{ ...expected, value: withRaw(name, { fromThisApp: false }) }]);
  });

  it('unsend -> messageDelete; edit -> messageUpdate (both with the original mid)', () => {
    const original = mid('instagram/unsend');
    expect(mapFixture('instagram/unsend')).to.deep.equal([
      fromUser('instagram/unsend', T + 62000, { type: 'messageDelete', id: original }),
    ]);
    expect(mapFixture('instagram/edit')).to.deep.equal([
      fromUser('instagram/edit', T + 63000, {
        type: 'messageUpdate',
        id: original,
        text: 'Do you ship to Switzerland?',
      }),
    ]);
  });

  it('ice breaker postback -> message with text = payload', () => {
    const name = 'instagram/postback';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 64000, {
        type: 'message',
        id: field<string>(name, 'postback', 'mid'),
        text: 'ICEBREAKER_HOURS',
      }),
    ]);
  });

  it('ig.me referral -> event messenger.referral', () => {
    const name = 'instagram/referral';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 65000, {
        type: 'event',
        name: 'messenger.referral',
        value: withRaw(name, { ref: 'summer26', source: 'SHORTLINK', type: 'OPEN_THREAD' }),
      }),
    ]);
  });

  it('comment (changes[], entry time in seconds) -> messenger.comment from the commenter', () => {
    const name = 'instagram/comment';
    const ref = onlyRef(name);
    expect(mapFixture(name)).to.deep.equal([
      {
        type: 'event',
        name: 'messenger.comment',
        timestamp: new Date(1782894066000),
        channelId: 'instagram',
        serviceUrl: 'https://graph.facebook.com',
        from: { id: IGSID, name: 'jane.doe' },
        recipient: { id: IG },
        conversation: { id: IG },
        channelData: ref.event,
        value: ref.event,
      },
    ]);
  });

  it('pass_thread_control to the Instagram Inbox -> messenger.handover', () => {
    const name = 'instagram/pass-thread-control';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 67000, {
        type: 'event',
        name: 'messenger.handover',
        value: withRaw(name, {
          action: 'pass_thread_control',
          previous_owner_app_id: APP,
          new_owner_app_id: IG_INBOX,
          metadata: 'escalate:returns',
        }),
      }),
    ]);
  });

  it('standby -> messenger.standby', () => {
    const name = 'instagram/standby';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 68000, {
        type: 'event',
        name: 'messenger.standby',
        id: mid(name),
        value: onlyRef(name).event,
      }),
    ]);
  });
});
