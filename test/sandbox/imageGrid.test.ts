import { expect } from 'chai';
import { ActivityHandler } from 'botbuilder';
import { imageGridMessage, MessengerError } from '../../adapter';
import { GraphFailure } from '../../sandbox/graph/graphErrors';
import { checkMessage, type MessageContext } from '../../sandbox/graph/messageRules';
import { SPRING_GRID, SPRING_GRID_ATTACHMENT } from '../fixtures/outbound/imageGrid';
import { withSandbox } from '../helpers/sandboxWithAdapter';

const messenger: MessageContext = { platform: 'messenger', hasAttachment: () => false };
const instagram: MessageContext = { ...messenger, platform: 'instagram' };

const img = (n: number, extra: Record<string, unknown> = {}) => ({ url: `https://shop.example/${n}.jpg`, ...extra });
const grid = (element: Record<string, unknown>) => ({
  attachment: { type: 'template', payload: { template_type: 'image_grid', elements: [element] } },
});

function graphMessage(message: unknown, context = messenger): string {
  try {
    checkMessage(message, context);
  } catch (error) {
    if (error instanceof GraphFailure) return error.error.message;
    throw error;
  }
  return expect.fail('expected a Graph error');
}

describe('sandbox: image grid template', () => {
  it('accepts 2 to 6 images with one hero, actions and buttons; refuses what Meta refuses', () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => img(n));
    expect(() => checkMessage(grid({ title: 'x'.repeat(45), images: six }), messenger)).not.to.throw();
    expect(() =>
      checkMessage(
        grid({
          images: [
            img(1, { is_hero_image: true, action: { type: 'web_url', url: 'https://shop.example/1' } }),
            img(2, { action: { type: 'postback', payload: 'P_2', text: 'Tell me about 2' } }),
          ],
          buttons: [{ type: 'web_url', url: 'https://shop.example', title: 'View all' }],
        }),
        messenger,
      ),
    ).not.to.throw();
    expect(graphMessage(grid({ images: [img(1)] }))).to.equal(
      '(#100) Param message[attachment][payload][elements][0][images] must have at least 2 items',
    );
    expect(graphMessage(grid({ images: [...six, img(7)] }))).to.contain('must have at most 6 items');
    expect(graphMessage(grid({ images: [img(1, { is_hero_image: true }), img(2, { is_hero_image: true })] }))).to.contain(
      'at most one is_hero_image',
    );
    expect(graphMessage(grid({ images: six, subtitle: 'y'.repeat(81) }))).to.contain('[subtitle] must be at most 80');
    expect(
      graphMessage(grid({ images: [img(1, { action: { type: 'postback', payload: 'P_1' } }), img(2)] })),
    ).to.equal('(#100) Param message[attachment][payload][elements][0][images][0][action][text] is required');
    expect(graphMessage(grid({ images: six }), instagram)).to.equal(
      '(#100) Param message[attachment][payload][template_type] image_grid is not supported on Instagram',
    );
  });

  it('end to end: the adapter sends imageGridMessage, the user taps an image, the bot gets its postback', async () => {
    const bot = new ActivityHandler().onMessage(async (context, next) => {
      if (context.activity.text === 'P_B') await context.sendActivity('B it is.');
      else {
        await context
          .sendActivity(imageGridMessage(SPRING_GRID))
          .catch((error: unknown) =>
            context.sendActivity(error instanceof MessengerError ? `refused: ${error.code}` : 'failed'),
          );
      }
      await next();
    });
    await withSandbox(bot, async (sandbox, adapter) => {
      const user = sandbox.user();
      await user.say('show me spring');
      expect((await user.nextReply()).body.message).to.deep.equal({ attachment: SPRING_GRID_ATTACHMENT });
      await user.postback('P_B');
      expect((await user.nextReply()).text).to.equal('B it is.');
      expect(user.transcript().find((entry) => entry.postback)?.postback).to.deep.equal({
        title: 'Tell me about B',
        payload: 'P_B',
      });

      const igUser = sandbox.user(undefined, { platform: 'instagram' });
      await igUser.say('show me spring');
      expect((await igUser.nextReply()).text).to.equal('refused: NOT_SUPPORTED');
      await adapter.whenIdle();
      expect(sandbox.sent({ userId: igUser.id })).to.have.length(1); // nothing but the refusal notice
    });
  });
});
