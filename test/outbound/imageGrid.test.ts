import { expect } from 'chai';
import { imageGridMessage, imageGridTemplate } from '../../adapter/outbound/imageGrid';
import { SPRING_GRID as SPRING, SPRING_GRID_ATTACHMENT } from '../fixtures/outbound/imageGrid';
import { fb, ig, map, messageRequest, PSID, refusalOf } from './helpers';

const image = (n: number) => ({ url: `https://shop.example/${n}.jpg` });

describe('outbound: image grid template', () => {
  it('sends imageGridMessage as exactly Meta’s Send API body on Messenger', () => {
    expect(map(imageGridMessage(SPRING), fb)).to.deep.equal([
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          messaging_type: 'RESPONSE',
          message: { attachment: SPRING_GRID_ATTACHMENT },
        },
      },
    ]);
  });

  it('keeps a minimal grid minimal: no empty title, hero or buttons keys; text goes first', () => {
    const activity = { ...imageGridMessage({ images: [image(1), image(2)], buttons: [] }), text: 'New in:' };
    expect(map(activity, fb)).to.deep.equal([
      messageRequest(fb, { text: 'New in:' }),
      messageRequest(fb, {
        attachment: {
          type: 'template',
          payload: { template_type: 'image_grid', elements: [{ images: [image(1), image(2)] }] },
        },
      }),
    ]);
  });

  it('takes 2 to 6 images and refuses 1 or 7 with CONFIG_INVALID', () => {
    expect(imageGridTemplate({ images: [1, 2, 3, 4, 5, 6].map(image) }).payload.elements[0].images).to.have.length(6);
    const one = refusalOf(() => imageGridTemplate({ images: [image(1)] }));
    expect(one.code).to.equal('CONFIG_INVALID');
    expect(one.message).to.contain('images').and.contain('at least 2');
    const seven = refusalOf(() => imageGridTemplate({ images: [1, 2, 3, 4, 5, 6, 7].map(image) }));
    expect(seven.message).to.contain('at most 6');
  });

  it('refuses two heroes, a long title or subtitle, a postback image without text, a fourth button, a call button', () => {
    const hero = { ...image(1), hero: true };
    expect(refusalOf(() => imageGridTemplate({ images: [hero, { ...image(2), hero: true }] })).message).to.contain(
      'at most one image may be the hero',
    );
    expect(refusalOf(() => imageGridTemplate({ images: [hero, image(2)], title: 'x'.repeat(46) })).message).to.contain(
      'spec.title',
    );
    expect(imageGridTemplate({ images: [hero, image(2)], title: 'x'.repeat(45) }).payload.elements[0].title).to.have.length(45);
    expect(
      refusalOf(() => imageGridTemplate({ images: [hero, image(2)], subtitle: 'y'.repeat(81) })).message,
    ).to.contain('spec.subtitle');
    const noText = { type: 'postback', payload: 'P_A' } as unknown as { type: 'postback'; payload: string; text: string }; // a JS caller's mistake
    expect(refusalOf(() => imageGridTemplate({ images: [{ ...image(1), action: noText }, image(2)] })).message).to.contain(
      'spec.images.0.action.text',
    );
    const button = { type: 'postback' as const, payload: 'MORE', title: 'More' };
    expect(
      refusalOf(() => imageGridTemplate({ images: [hero, image(2)], buttons: [button, button, button, button] })).message,
    ).to.contain('spec.buttons');
    const call = { type: 'phone_number', payload: '+15105551234', title: 'Call' } as unknown as typeof button; // a JS caller's mistake
    expect(refusalOf(() => imageGridTemplate({ images: [hero, image(2)], buttons: [call] })).message).to.contain(
      'spec.buttons.0',
    );
    expect(refusalOf(() => imageGridTemplate({ images: [{ url: 'shop.example/a.jpg' }, image(2)] })).message).to.contain(
      'http(s) URL',
    );
  });

  it('refuses an image grid on Instagram locally, naming what to send instead', () => {
    const error = refusalOf(() => map(imageGridMessage(SPRING), ig));
    expect(error.code).to.equal('NOT_SUPPORTED');
    expect(error.details).to.include({ rule: 'image-grid-messenger-only', channelId: 'instagram' });
    expect(error.message).to.contain('Messenger only').and.contain('up to 10').and.contain('generic template');
  });

  it('checks a hand-written channelData.attachment image grid (also under channelData.facebook)', () => {
    const raw = {
      type: 'template',
      payload: { template_type: 'image_grid', elements: [{ images: [image(1), image(2)] }] },
    };
    expect(map({ channelData: { facebook: { attachment: raw } } }, fb)).to.deep.equal([
      messageRequest(fb, { attachment: raw }),
    ]);
    const twoElements = { ...raw, payload: { ...raw.payload, elements: [{ images: [image(1), image(2)] }, { images: [image(3), image(4)] }] } };
    const error = refusalOf(() => map({ channelData: { attachment: twoElements } }, fb));
    expect(error.code).to.equal('NOT_SUPPORTED');
    expect(error.details).to.include({ rule: 'image-grid-shape' });
    expect(error.message).to.contain('channelData.attachment.payload.elements').and.contain('exactly one element');
    const heroTypo = { ...raw, payload: { template_type: 'image_grid', elements: [{ images: [{ ...image(1), hero: true }, image(2)] }] } };
    expect(refusalOf(() => map({ channelData: { attachment: heroTypo } }, fb)).message).to.contain(
      'channelData.attachment.payload.elements.0.images.0',
    );
    // other templates are not this check's business
    const generic = { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'A' }] } };
    expect(map({ channelData: { attachment: generic } }, ig)).to.deep.equal([messageRequest(ig, { attachment: generic })]);
  });
});
