import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import type { MessengerChannelId } from '../../../adapter/platform';
import {
  decideOutgoing,
  type OutgoingDecision,
  type OutgoingMessageFacts,
  typingAllowed,
  type WindowPolicySettings,
} from '../../../middleware/messagingWindow/windowPolicy';
import { windowPhase } from '../../../middleware/messagingWindow/windows';
import { checkTag, RETIRED_TAGS } from '../../../middleware/messagingWindow/windowTags';
import { DAY, HOUR, MINUTE, T0 } from './helpers';

const DEFAULTS: WindowPolicySettings = { humanAgentTag: true, unknownWindow: 'send' };

function facts(overrides: Partial<OutgoingMessageFacts>): OutgoingMessageFacts {
  return {
    channelId: 'facebook',
    conversationId: '6780462125377510-370873143344730',
    now: T0,
    lastUserAt: T0,
    human: false,
    reply: false,
    ...overrides,
  };
}

function refusal(decision: OutgoingDecision): MessengerError {
  if (decision.send) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
  return decision.error;
}

describe('messagingWindow / windowPolicy', () => {
  describe('windowPhase at the edges', () => {
    const table: Array<[string, number | undefined, string]> = [
      ['just now', 0, 'open'],
      ['23 h 59 min', 23 * HOUR + 59 * MINUTE, 'open'],
      ['24 h - 1 ms', DAY - 1, 'open'],
      ['exactly 24 h', DAY, 'human-agent'],
      ['24 h 1 min', DAY + MINUTE, 'human-agent'],
      ['6 d 23 h', 6 * DAY + 23 * HOUR, 'human-agent'],
      ['exactly 7 d', 7 * DAY, 'closed'],
      ['7 d 1 min', 7 * DAY + MINUTE, 'closed'],
      ['a clock ahead of ours (-5 min)', -5 * MINUTE, 'open'],
    ];
    for (const channelId of ['facebook', 'instagram'] as const) {
      for (const [label, elapsed, phase] of table) {
        it(`${channelId}: ${label} -> ${phase}`, () => {
          expect(windowPhase(channelId, elapsed === undefined ? undefined : T0 - elapsed, T0)).to.equal(
            phase,
          );
        });
      }
      it(`${channelId}: nothing on record -> unknown`, () => {
        expect(windowPhase(channelId, undefined, T0)).to.equal('unknown');
      });
    }
  });

  describe('decideOutgoing: edges x (bot, human) x (Messenger, Instagram) x (reply, proactive)', () => {
    const edges: Array<[string, number, 'open' | 'human-agent' | 'closed']> = [
      ['23:59 h', 23 * HOUR + 59 * MINUTE, 'open'],
      ['24:01 h', DAY + MINUTE, 'human-agent'],
      ['6 d 23 h', 6 * DAY + 23 * HOUR, 'human-agent'],
      ['7 d 1 min', 7 * DAY + MINUTE, 'closed'],
    ];
    for (const [label, elapsed, phase] of edges) {
      for (const human of [false, true]) {
        for (const channelId of ['facebook', 'instagram'] as MessengerChannelId[]) {
          for (const reply of [true, false]) {
            const who = human ? 'human' : 'bot';
            const how = reply ? 'reply' : 'proactive';
            let expected: string;
            if (phase === 'open') expected = reply ? 'RESPONSE' : 'UPDATE';
            else if (phase === 'human-agent' && human) expected = 'MESSAGE_TAG/HUMAN_AGENT';
            else expected = 'MESSAGING_WINDOW_CLOSED';
            it(`${label}, ${who}, ${channelId}, ${how} -> ${expected}`, () => {
              const decision = decideOutgoing(
                facts({ channelId, lastUserAt: T0 - elapsed, human, reply }),
                DEFAULTS,
              );
              if (expected === 'MESSAGING_WINDOW_CLOSED') {
                const error = refusal(decision);
                expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
                expect(error.details).to.include({ phase, elapsedMs: elapsed, humanAgent: human, channelId });
              } else if (expected === 'MESSAGE_TAG/HUMAN_AGENT') {
                expect(decision).to.deep.equal({
                  send: true,
                  messagingType: 'MESSAGE_TAG',
                  tag: 'HUMAN_AGENT',
                });
              } else {
                expect(decision).to.deep.equal({ send: true, messagingType: expected, tag: undefined });
              }
            });
          }
        }
      }
    }
  });

  describe('what the refusal says', () => {
    it('a bot message past 24 hours: how long ago the user wrote and that a human agent may still write', () => {
      const error = refusal(decideOutgoing(facts({ lastUserAt: T0 - (DAY + MINUTE) }), DEFAULTS));
      expect(error.message).to.equal(
        'Not sent: the user last wrote 1 d 1 min ago, so the 24-hour messaging window of this Messenger conversation ' +
          'is closed. For 5 d 23 h 59 min more, only a human agent may write (tagged HUMAN_AGENT): send a message ' +
          'a person wrote as asHumanAgent(...) (channelData.humanAgent = true). Automated messages must wait until ' +
          'the user writes again.',
      );
    });

    it('past 7 days: nothing until the user writes again (and, on Messenger, Utility Messages)', () => {
      const messenger = refusal(
        decideOutgoing(facts({ lastUserAt: T0 - (7 * DAY + MINUTE), human: true }), DEFAULTS),
      );
      expect(messenger.message).to.equal(
        'Not sent: the user last wrote 7 d 1 min ago, so the 24-hour messaging window of this Messenger conversation ' +
          'is closed. The 7-day human-agent window is closed too: nothing may be sent until the user writes again. ' +
          "On Messenger, an approved utility template is the only way to reach the user now: send utilityMessage({ name, language, parameters }).",
      );
      const instagram = refusal(
        decideOutgoing(facts({ channelId: 'instagram', lastUserAt: T0 - (7 * DAY + MINUTE) }), DEFAULTS),
      );
      expect(instagram.message).to.match(
        /Instagram conversation is closed\. The 7-day human-agent window is closed too: nothing may be sent until the user writes again\.$/,
      );
    });

    it('with humanAgentTag: false a human agent is refused past 24 hours too, and told why', () => {
      const error = refusal(
        decideOutgoing(facts({ lastUserAt: T0 - 2 * DAY, human: true }), {
          ...DEFAULTS,
          humanAgentTag: false,
        }),
      );
      expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(error.message).to.contain(
        'runs with humanAgentTag: false (no Human Agent permission), so nothing may be sent until the user writes again.',
      );
    });
  });

  describe('nothing on record', () => {
    it("unknownWindow 'send' lets Meta decide: untagged for the bot, HUMAN_AGENT for a person", () => {
      expect(decideOutgoing(facts({ lastUserAt: undefined }), DEFAULTS)).to.deep.equal({
        send: true,
        messagingType: 'UPDATE',
        tag: undefined,
      });
      expect(decideOutgoing(facts({ lastUserAt: undefined, human: true }), DEFAULTS)).to.deep.equal({
        send: true,
        messagingType: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
      });
      expect(
        decideOutgoing(facts({ lastUserAt: undefined, human: true }), { ...DEFAULTS, humanAgentTag: false }),
      ).to.deep.equal({ send: true, messagingType: 'UPDATE', tag: undefined });
    });

    it("unknownWindow 'reject' refuses locally and says how to change it", () => {
      const error = refusal(
        decideOutgoing(facts({ lastUserAt: undefined }), { ...DEFAULTS, unknownWindow: 'reject' }),
      );
      expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(error.message).to.contain(
        'no interaction of the user is on record for this Messenger conversation',
      );
      expect(error.message).to.contain("unknownWindow: 'send'");
    });
  });

  describe('tags the bot sets', () => {
    for (const tag of RETIRED_TAGS) {
      for (const channelId of ['facebook', 'instagram'] as const) {
        it(`${tag} on ${channelId} is TAG_NOT_ALLOWED, also when the window is closed`, () => {
          for (const elapsed of [HOUR, 3 * DAY, 30 * DAY]) {
            const error = refusal(
              decideOutgoing(
                facts({ channelId, lastUserAt: T0 - elapsed, tag, messagingType: 'MESSAGE_TAG' }),
                DEFAULTS,
              ),
            );
            expect(error.code).to.equal('TAG_NOT_ALLOWED');
            expect(error.message).to.contain(`The message tag ${tag} was retired by Meta on 2026-04-27`);
            expect(error.details).to.include({ tag, conversationId: '6780462125377510-370873143344730' });
          }
        });
      }
    }

    it('Instagram refuses every tag but HUMAN_AGENT', () => {
      for (const tag of ['CUSTOMER_FEEDBACK', 'NON_PROMOTIONAL_SUBSCRIPTION', 'SHIPPING_UPDATE']) {
        const error = refusal(decideOutgoing(facts({ channelId: 'instagram', tag }), DEFAULTS));
        expect(error.code, tag).to.equal('TAG_NOT_ALLOWED');
        expect(error.message).to.contain('Instagram accepts only the HUMAN_AGENT tag');
      }
    });

    it('an unknown tag on Messenger is refused, naming the tags that exist', () => {
      const error = refusal(decideOutgoing(facts({ tag: 'HUMAN_AGNET' }), DEFAULTS));
      expect(error.code).to.equal('TAG_NOT_ALLOWED');
      expect(error.message).to.contain('HUMAN_AGENT, CUSTOMER_FEEDBACK, NON_PROMOTIONAL_SUBSCRIPTION');
    });

    it('an explicit HUMAN_AGENT is honoured on a person’s message within 7 days', () => {
      for (const elapsed of [HOUR, 3 * DAY]) {
        expect(
          decideOutgoing(facts({ lastUserAt: T0 - elapsed, tag: 'HUMAN_AGENT', human: true }), DEFAULTS),
        ).to.deep.equal({
          send: true,
          messagingType: 'MESSAGE_TAG',
          tag: 'HUMAN_AGENT',
        });
      }
      const late = refusal(
        decideOutgoing(facts({ lastUserAt: T0 - 8 * DAY, tag: 'HUMAN_AGENT', human: true }), DEFAULTS),
      );
      expect(late.code).to.equal('MESSAGING_WINDOW_CLOSED');
    });

    it('an explicit HUMAN_AGENT on an automated message is refused, inside the window too', () => {
      for (const elapsed of [HOUR, 3 * DAY]) {
        const error = refusal(
          decideOutgoing(facts({ lastUserAt: T0 - elapsed, tag: 'HUMAN_AGENT' }), DEFAULTS),
        );
        expect(error.code).to.equal('TAG_NOT_ALLOWED');
        expect(error.message).to.contain('HUMAN_AGENT is only for messages a person wrote');
      }
    });

    it('an explicit HUMAN_AGENT with humanAgentTag: false is refused', () => {
      const error = refusal(
        decideOutgoing(facts({ tag: 'HUMAN_AGENT', human: true }), { ...DEFAULTS, humanAgentTag: false }),
      );
      expect(error.code).to.equal('TAG_NOT_ALLOWED');
      expect(error.message).to.contain('humanAgentTag: false');
    });

    it('CUSTOMER_FEEDBACK works on Messenger within 7 days, for the bot too', () => {
      expect(
        decideOutgoing(facts({ lastUserAt: T0 - 3 * DAY, tag: 'CUSTOMER_FEEDBACK' }), DEFAULTS),
      ).to.deep.equal({
        send: true,
        messagingType: 'MESSAGE_TAG',
        tag: 'CUSTOMER_FEEDBACK',
      });
      expect(
        refusal(decideOutgoing(facts({ lastUserAt: T0 - 8 * DAY, tag: 'CUSTOMER_FEEDBACK' }), DEFAULTS)).code,
      ).to.equal('MESSAGING_WINDOW_CLOSED');
    });

    it('NON_PROMOTIONAL_SUBSCRIPTION has no window (Meta checks the News Messaging permission)', () => {
      expect(
        decideOutgoing(facts({ lastUserAt: T0 - 30 * DAY, tag: 'NON_PROMOTIONAL_SUBSCRIPTION' }), DEFAULTS),
      ).to.deep.equal({
        send: true,
        messagingType: 'MESSAGE_TAG',
        tag: 'NON_PROMOTIONAL_SUBSCRIPTION',
      });
    });

    it('a tag with a messaging_type other than MESSAGE_TAG is refused', () => {
      const error = refusal(
        decideOutgoing(facts({ tag: 'CUSTOMER_FEEDBACK', messagingType: 'RESPONSE' }), DEFAULTS),
      );
      expect(error.code).to.equal('TAG_NOT_ALLOWED');
      expect(error.message).to.contain("goes with channelData.messaging_type 'MESSAGE_TAG'");
    });

    it('a tag that is not a string is refused', () => {
      expect(refusal(decideOutgoing(facts({ tag: 7 }), DEFAULTS)).code).to.equal('TAG_NOT_ALLOWED');
    });
  });

  describe('messaging_type the bot sets', () => {
    it('RESPONSE / UPDATE are respected inside 24 hours', () => {
      expect(decideOutgoing(facts({ reply: false, messagingType: 'RESPONSE' }), DEFAULTS)).to.deep.equal({
        send: true,
        messagingType: 'RESPONSE',
        tag: undefined,
      });
      expect(decideOutgoing(facts({ reply: true, messagingType: 'UPDATE' }), DEFAULTS)).to.deep.equal({
        send: true,
        messagingType: 'UPDATE',
        tag: undefined,
      });
    });

    it('past 24 hours they cannot widen the window: a bot is refused, a person is tagged', () => {
      const lastUserAt = T0 - 2 * DAY;
      expect(
        refusal(decideOutgoing(facts({ lastUserAt, messagingType: 'RESPONSE' }), DEFAULTS)).code,
      ).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(
        decideOutgoing(facts({ lastUserAt, messagingType: 'RESPONSE', human: true }), DEFAULTS),
      ).to.deep.equal({
        send: true,
        messagingType: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
      });
    });

    it('MESSAGE_TAG without a tag is refused', () => {
      const error = refusal(decideOutgoing(facts({ messagingType: 'MESSAGE_TAG', human: true }), DEFAULTS));
      expect(error.code).to.equal('TAG_NOT_ALLOWED');
      expect(error.message).to.contain("'MESSAGE_TAG' needs channelData.tag");
    });

    it('an unknown messaging_type is CONFIG_INVALID', () => {
      const error = refusal(
        decideOutgoing(facts({ messagingType: 'NON_PROMOTIONAL_SUBSCRIPTION' }), DEFAULTS),
      );
      expect(error).to.be.instanceOf(MessengerError);
      expect(error.code).to.equal('CONFIG_INVALID');
      expect(error.message).to.contain('"NON_PROMOTIONAL_SUBSCRIPTION"');
    });
  });


  it('typing indicators only while the 24-hour window is open (or unknown and Meta decides)', () => {
    expect(typingAllowed('facebook', T0 - HOUR, T0, DEFAULTS)).to.equal(true);
    expect(typingAllowed('facebook', T0 - 2 * DAY, T0, DEFAULTS)).to.equal(false);
    expect(typingAllowed('instagram', undefined, T0, DEFAULTS)).to.equal(true);
    expect(typingAllowed('instagram', undefined, T0, { unknownWindow: 'reject' })).to.equal(false);
  });

  it('checkTag returns the tag itself when the platform accepts it', () => {
    expect(checkTag('facebook', 'HUMAN_AGENT')).to.equal('HUMAN_AGENT');
    expect(checkTag('instagram', 'HUMAN_AGENT')).to.equal('HUMAN_AGENT');
    expect(checkTag('facebook', 'CUSTOMER_FEEDBACK')).to.equal('CUSTOMER_FEEDBACK');
  });
});
