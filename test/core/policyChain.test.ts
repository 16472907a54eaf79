/**
 * The default policies of both entry points, and how `use()` replaces them: one of each kind, in
 * the package's order, whatever the user gives and in whatever order.
 */
import { expect } from 'chai';
import { MessengerAdapter } from '../../adapter';
import { MessengerAgentsAdapter } from '../../adapter/agents';
import { POLICY_ORDER, PolicyChain, type PolicyKind, type PolicyMiddleware } from '../../adapter/core/policyChain';
import { MessengerError } from '../../adapter/errors';
import type { MessengerAdapterOptions } from '../../adapter/options';
import type { MessengerTurnContext } from '../../adapter/turnContext';
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  RateLimitMiddleware,
  recommendedMiddleware,
} from '../../middleware';
import { TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const OPTIONS: MessengerAdapterOptions = {
  appSecret: TEST_APP_SECRET,
  verifyToken: TEST_VERIFY_TOKEN,
  accessToken: 'page-token',
  logger: { error: () => {} },
};

/** A policy that records when it runs. */
function recorder(kind: PolicyKind, ran: string[], label: string = kind): PolicyMiddleware {
  return {
    policyKind: kind,
    onTurn: async (_context, next) => {
      ran.push(label);
      await next();
    },
  };
}

const ENTRIES = [
  { name: 'MessengerAdapter (root entry)', create: (options: MessengerAdapterOptions) => new MessengerAdapter(options) },
  {
    name: 'MessengerAgentsAdapter (/agents entry)',
    create: (options: MessengerAdapterOptions) => new MessengerAgentsAdapter(options),
  },
];

describe('default policies', () => {
  it('recommendedMiddleware() gives one of each policy, in the order they run', () => {
    const policies = recommendedMiddleware();
    expect(policies.map((policy) => policy.policyKind)).to.deep.equal(['handover', 'attachments', 'window', 'rateLimit']);
    expect(POLICY_ORDER).to.deep.equal(['handover', 'attachments', 'window', 'rateLimit']);
    expect(policies[0]).to.be.instanceOf(HandoverMiddleware);
    expect(policies[1]).to.be.instanceOf(AttachmentMiddleware);
    expect(policies[2]).to.be.instanceOf(MessagingWindowMiddleware);
    expect(policies[3]).to.be.instanceOf(RateLimitMiddleware);
  });

  for (const entry of ENTRIES) {
    describe(entry.name, () => {
      it('applies the four policies with no use() call', async () => {
        const adapter = entry.create(OPTIONS);
        expect(adapter.policies.map((policy) => policy.policyKind)).to.deep.equal([...POLICY_ORDER]);
        await adapter.close();
      });

      it('a policy given with use() replaces the default of its kind, and keeps the package order', async () => {
        const adapter = entry.create(OPTIONS);
        const window = new MessagingWindowMiddleware({ unknownWindow: 'reject' });
        const handover = new HandoverMiddleware();
        adapter.use(window, handover);
        expect(adapter.policies).to.have.length(4);
        expect(adapter.policies[0]).to.equal(handover);
        expect(adapter.policies[2]).to.equal(window);
        await adapter.close();
      });

      it('defaultMiddleware: false starts with none; use() still orders what it is given', async () => {
        const adapter = entry.create({ ...OPTIONS, defaultMiddleware: false });
        expect(adapter.policies).to.deep.equal([]);
        const rate = new RateLimitMiddleware();
        const handover = new HandoverMiddleware();
        adapter.use(rate, handover);
        expect(adapter.policies).to.deep.equal([handover, rate]);
        await adapter.close();
      });

      it('refuses a defaultMiddleware that is not a boolean with CONFIG_INVALID', () => {
        const options = { ...OPTIONS, defaultMiddleware: 'yes' } as unknown as MessengerAdapterOptions; // deliberately wrong
        expect(() => entry.create(options))
          .to.throw(MessengerError)
          .with.property('code', 'CONFIG_INVALID');
      });
    });
  }
});

describe('PolicyChain', () => {
  const context = {} as MessengerTurnContext; // the recorders never look at it

  it('runs each kind once, in the package order, the last given of a kind winning, then the turn', async () => {
    const ran: string[] = [];
    const chain = new PolicyChain([recorder('rateLimit', ran), recorder('window', ran, 'default window')]);
    chain.install(recorder('window', ran, 'window'));
    chain.install(recorder('handover', ran));
    chain.install(recorder('attachments', ran));
    await chain.onTurn(context, async () => void ran.push('bot'));
    expect(ran).to.deep.equal(['handover', 'attachments', 'window', 'rateLimit', 'bot']);
  });

  it('stops the turn where a policy does not call next', async () => {
    const ran: string[] = [];
    const chain = new PolicyChain([
      recorder('handover', ran),
      { policyKind: 'window', onTurn: async () => void ran.push('window stops') },
      recorder('rateLimit', ran),
    ]);
    await chain.onTurn(context, async () => void ran.push('bot'));
    expect(ran).to.deep.equal(['handover', 'window stops']);
  });
});
