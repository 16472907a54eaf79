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
  const context = { turnState: new Map(), activity: {} } as Partial<MessengerTurnContext> as MessengerTurnContext; // the recorders never look at it

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

describe('PolicyChain: startTurn (issue #19, one round trip for the policies’ turn-start commands)', () => {
  const context = { turnState: new Map(), activity: {} } as Partial<MessengerTurnContext> as MessengerTurnContext; // the policies below never look at it

  /** A policy whose startTurn logs and returns `work`, and whose onTurn logs. */
  function starter(kind: PolicyKind, log: string[], work: () => Promise<void> | undefined): PolicyMiddleware {
    return {
      policyKind: kind,
      startTurn: () => {
        log.push(`start ${kind}`);
        return work();
      },
      onTurn: async (_context, next) => {
        log.push(`run ${kind}`);
        await next();
      },
    };
  }

  it('calls every startTurn in policy order, in one synchronous pass, before any onTurn; waits for all of it', async () => {
    const log: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chain = new PolicyChain([
      starter('window', log, () => slow.then(() => void log.push('window work done'))),
      recorder('attachments', log),
      starter('handover', log, () => undefined),
    ]);
    const turn = chain.onTurn(context, async () => void log.push('bot'));
    // synchronously, before anything was awaited: both started, nothing ran
    expect(log).to.deep.equal(['start handover', 'start window']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).to.deep.equal(['start handover', 'start window'], 'no policy runs before the started work is done');
    release();
    await turn;
    expect(log).to.deep.equal([
      'start handover',
      'start window',
      'window work done',
      'run handover',
      'attachments',
      'run window',
      'bot',
    ]);
  });

  it('a failed start fails the turn before any policy runs, with the first failure in policy order', async () => {
    const log: string[] = [];
    const first = new MessengerError('STORE_UNAVAILABLE', 'handover read failed');
    const second = new MessengerError('STORE_UNAVAILABLE', 'window write failed');
    const chain = new PolicyChain([
      starter('window', log, () => Promise.reject(second)),
      starter('handover', log, () => new Promise((_, reject) => setTimeout(() => reject(first), 5))),
    ]);
    const error = await chain.onTurn(context, async () => void log.push('bot')).catch((caught: unknown) => caught);
    expect(error).to.equal(first);
    expect(log).to.deep.equal(['start handover', 'start window']);
  });

  it('a startTurn that throws synchronously fails the turn the same way, after the others started', async () => {
    const log: string[] = [];
    const bug = new Error('bug in startTurn');
    const chain = new PolicyChain([
      {
        policyKind: 'handover',
        startTurn: () => {
          throw bug;
        },
        onTurn: async (_context, next) => next(),
      },
      starter('window', log, () => Promise.resolve()),
    ]);
    const error = await chain.onTurn(context, async () => void log.push('bot')).catch((caught: unknown) => caught);
    expect(error).to.equal(bug);
    expect(log).to.deep.equal(['start window']);
  });

  it('policies without startTurn run at once, as before', async () => {
    const log: string[] = [];
    const chain = new PolicyChain([recorder('handover', log), starter('window', log, () => undefined)]);
    await chain.onTurn(context, async () => void log.push('bot'));
    expect(log).to.deep.equal(['start window', 'handover', 'run window', 'bot']);
  });
});
