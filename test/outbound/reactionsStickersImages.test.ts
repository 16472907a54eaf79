import { expect } from 'chai';
import { reactionActivity, unreactionActivity } from '../../adapter/outbound/reactions';
import { fb, ig, IGSID, map, messageRequest, PSID, refusalOf } from './helpers';

const MID = 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P';


const image = (n: number) => ({ contentType: 'image/jpeg', contentUrl: `https://cdn.example/${n}.jpg` });

describe('outbound: reactions, stickers, image sets', () => {
  it('maps an outgoing messageReaction to sender_action react / unreact on both platforms', () => {
    expect(map(reactionActivity(MID, '😊'), fb)).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: PSID }, sender_action: 'react', payload: { message_id: MID, reaction: '😊' } },
      },
    ]);
    expect(map(unreactionActivity(MID), ig)).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: IGSID }, sender_action: 'unreact', payload: { message_id: MID } },
      },
    ]);
  });

  it('passes channelData.sender_action react with its payload, and refuses one without a message id', () => {
    const activity = { type: 'message', channelData: { sender_action: 'react', payload: { message_id: MID, reaction: 'love' } } };
    expect(map(activity, ig)[0]?.body).to.deep.equal({
      recipient: { id: IGSID },
      sender_action: 'react',
      payload: { message_id: MID, reaction: 'love' },
    });
    expect(refusalOf(() => map({ type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }, fb)).message).to.contain(
      'replyToId',
    );
    // botbuilder sets replyToId to the turn's activity; the helper's channelData target wins
    const built = { ...reactionActivity(MID, 'like'), replyToId: 'turn-activity-id' };
    expect((map(built, fb)[0]?.body.payload as { message_id: string }).message_id).to.equal(MID);
  });

  it('sends channelData.sticker_id as message.sticker_id (a number) after the text; refuses it on Instagram', () => {
    expect(map({ text: 'Thanks!', channelData: { sticker_id: '369239263222822' } }, fb)).to.deep.equal([
      messageRequest(fb, { text: 'Thanks!' }),
      messageRequest(fb, { sticker_id: 369239263222822 }),
    ]);
    const error = refusalOf(() => map({ channelData: { sticker_id: 767226160478561 } }, ig));
    expect(error.details).to.include({ rule: 'sticker-messenger-only' });
    expect(error.message).to.contain('like_heart');
    expect(map({ channelData: { attachment: { type: 'like_heart' } } }, ig)).to.deep.equal([
      messageRequest(ig, { attachment: { type: 'like_heart' } }),
    ]);
  });

  it('sends up to 30 images in one Messenger message and 10 on Instagram', () => {
    const images = Array.from({ length: 31 }, (_, n) => image(n));
    const facebook = map({ attachments: images }, fb);
    expect(facebook).to.have.length(2);
    expect((facebook[0]?.body.message as { attachments: unknown[] }).attachments).to.have.length(30);
    expect(facebook[0]?.body.message).to.deep.include({
      attachments: Array.from({ length: 30 }, (_, n) => ({ type: 'image', payload: { url: `https://cdn.example/${n}.jpg` } })),
    });
    // the 31st alone keeps the single-attachment form
    expect(facebook[1]?.body.message).to.deep.equal({
      attachment: { type: 'image', payload: { url: 'https://cdn.example/30.jpg', is_reusable: true } },
    });
    const instagram = map({ attachments: images.slice(0, 12) }, ig);
    expect(instagram.map((r) => (r.body.message as { attachments?: unknown[] }).attachments?.length)).to.deep.equal([10, 2]);
  });

  it('keeps a video between images apart: images, video, image', () => {
    const requests = map(
      { attachments: [image(1), image(2), { contentType: 'video/mp4', contentUrl: 'https://cdn.example/v.mp4' }, image(3)] },
      fb,
    );
    expect(requests.map((r) => Object.keys(r.body.message ?? {})[0])).to.deep.equal(['attachments', 'attachment', 'attachment']);
  });
});
