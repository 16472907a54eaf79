import { expect } from 'chai';
import type { PlainAttachment } from '../../../adapter/activity';
import { splitAtLinks } from '../../../middleware/attachments/linkSplit';

const photo: PlainAttachment = { contentType: 'image/jpeg', contentUrl: 'https://cdn.example/a.jpg' };
const clip: PlainAttachment = { contentType: 'video/mp4', contentUrl: 'https://cdn.example/b.mp4' };
const link = (line: string) => ({ kind: 'link' as const, line });
const media = (attachment: PlainAttachment) => ({ kind: 'attachment' as const, attachment });

describe('splitAtLinks', () => {
  it('keeps one activity when nothing became a link', () => {
    const activity = {
      type: 'message',
      text: 'Hi',
      attachments: [photo],
      channelData: { tag: 'HUMAN_AGENT' },
    };
    expect(splitAtLinks(activity, [media(clip)])).to.deep.equal([{ ...activity, attachments: [clip] }]);
  });

  it('turns a lone oversize attachment into the text of the activity', () => {
    expect(
      splitAtLinks({ type: 'message', attachments: [photo] }, [link('a.jpg: https://cdn.example/a.jpg')]),
    ).to.deep.equal([{ type: 'message', text: 'a.jpg: https://cdn.example/a.jpg' }]);
  });

  it('keeps the order: text + leading links, media, links, media', () => {
    const activity = { type: 'message', text: 'Files', attachments: [] as PlainAttachment[] };
    const out = splitAtLinks(activity, [
      link('one: u1'),
      link('two: u2'),
      media(photo),
      link('three: u3'),
      media(clip),
    ]);
    expect(out.map(({ text, attachments }) => ({ text, attachments }))).to.deep.equal([
      { text: 'Files\n\none: u1\ntwo: u2', attachments: [photo] },
      { text: 'three: u3', attachments: [clip] },
    ]);
  });

  it('starts a new activity for a link after media; media after a link join it', () => {
    const out = splitAtLinks({ type: 'message', attachments: [] }, [
      media(photo),
      link('x: u'),
      media(clip),
      link('y: v'),
    ]);
    expect(out.map(({ text, attachments }) => ({ text, attachments }))).to.deep.equal([
      { text: undefined, attachments: [photo] },
      { text: 'x: u', attachments: [clip] },
      { text: 'y: v', attachments: undefined },
    ]);
  });

  it('keeps first-message options on the first piece and quick replies / suggested actions on the last', () => {
    const activity = {
      type: 'message',
      speak: 'files',
      suggestedActions: { actions: [{ type: 'imBack', title: 'OK', value: 'ok' }] },
      channelData: {
        messaging_type: 'RESPONSE',
        reply_to: { mid: 'm_1' },
        sender_action: 'typing_off',
        quick_replies: [{ content_type: 'text', title: 'A', payload: 'A' }],
        facebook: { reply_to: 'm_2', quick_replies: [], persona_id: '77' },
      },
      attachments: [photo, clip],
    };
    const [first, second] = splitAtLinks(activity, [media(photo), link('b.mp4: u')]);
    expect(first).to.deep.equal({
      type: 'message',
      speak: 'files',
      attachments: [photo],
      channelData: {
        messaging_type: 'RESPONSE',
        reply_to: { mid: 'm_1' },
        sender_action: 'typing_off',
        facebook: { reply_to: 'm_2', persona_id: '77' },
      },
    });
    expect(second).to.deep.equal({
      type: 'message',
      text: 'b.mp4: u',
      suggestedActions: activity.suggestedActions,
      channelData: {
        messaging_type: 'RESPONSE',
        quick_replies: [{ content_type: 'text', title: 'A', payload: 'A' }],
        facebook: { quick_replies: [], persona_id: '77' },
      },
    });
    expect(activity.channelData.reply_to).to.deep.equal({ mid: 'm_1' });
  });
});
