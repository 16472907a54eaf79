import { expect } from 'chai';
import { GraphFailure } from '../../sandbox/graph/graphErrors';
import { checkTag, checkWindow, windowState } from '../../sandbox/graph/windowRules';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const LAST = Date.UTC(2026, 10, 2, 9, 0, 0);

function failure(run: () => void): GraphFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphFailure) return error;
    throw error;
  }
  expect.fail('expected a Graph error');
}

const send =
  (elapsed: number, messagingType = 'RESPONSE', platform: 'messenger' | 'instagram' = 'messenger') =>
  () =>
    checkWindow({ platform, now: LAST + elapsed, lastUserMessageAt: LAST, messagingType, tag: undefined });

describe('sandbox window rules (reference section 3, "Windows")', () => {
  it('allows RESPONSE and UPDATE at 23:59 h and refuses them at 24:01 h with 10/2018278', () => {
    expect(send(23 * HOUR + 59 * MIN)).not.to.throw();
    expect(send(23 * HOUR + 59 * MIN, 'UPDATE')).not.to.throw();
    const closed = failure(send(24 * HOUR + MIN));
    expect(closed.status).to.equal(400);
    expect(closed.body.error).to.deep.include({ type: 'OAuthException', code: 10, error_subcode: 2018278 });
    expect(closed.body.error.message).to.match(/^\(#10\) This message is sent outside of allowed window/);
    expect(closed.body.error.fbtrace_id).to.match(/^[A-Za-z0-9_-]{23}$/);
    expect(failure(send(24 * HOUR + MIN, 'UPDATE')).error.error_subcode).to.equal(2018278);
  });

  it('allows MESSAGE_TAG (HUMAN_AGENT) at 6 d 23 h and refuses it at 7 d 1 min', () => {
    expect(send(6 * DAY + 23 * HOUR, 'MESSAGE_TAG')).not.to.throw();
    expect(failure(send(7 * DAY + MIN, 'MESSAGE_TAG')).error).to.deep.include({
      code: 10,
      error_subcode: 2018278,
    });
  });

  it('answers 10/2534022 on Instagram', () => {
    expect(failure(send(24 * HOUR + MIN, 'RESPONSE', 'instagram')).error).to.deep.include({
      code: 10,
      error_subcode: 2534022,
    });
    expect(failure(send(7 * DAY + MIN, 'MESSAGE_TAG', 'instagram')).error.error_subcode).to.equal(2534022);
  });

  it('treats a user who never wrote as outside the window', () => {
    const never = failure(() =>
      checkWindow({
        platform: 'messenger',
        now: LAST,
        lastUserMessageAt: undefined,
        messagingType: 'RESPONSE',
        tag: undefined,
      }),
    );
    expect(never.error.error_subcode).to.equal(2018278);
  });

  it('describes the window for the web page', () => {
    expect(windowState(LAST + HOUR, LAST)).to.deep.equal({ state: 'open', closesAt: LAST + DAY });
    expect(windowState(LAST + 2 * DAY, LAST)).to.deep.equal({
      state: 'human_agent',
      closesAt: LAST + 7 * DAY,
    });
    expect(windowState(LAST + 8 * DAY, LAST)).to.deep.equal({ state: 'closed' });
    expect(windowState(LAST, undefined)).to.deep.equal({ state: 'closed' });
  });
});

describe('sandbox tag rules (reference section 3, "Tags")', () => {
  for (const tag of ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']) {
    it(`refuses the retired tag ${tag} with error 100, before any window check`, () => {
      const retired = failure(() => checkTag('messenger', 'MESSAGE_TAG', tag, false));
      expect(retired.error).to.deep.include({ type: 'OAuthException', code: 100 });
      expect(retired.error.error_subcode).to.equal(undefined);
      expect(retired.error.message).to.contain(tag).and.contain('April 27, 2026');
    });
  }

  it('accepts HUMAN_AGENT on both platforms', () => {
    expect(() => checkTag('messenger', 'MESSAGE_TAG', 'HUMAN_AGENT', false)).not.to.throw();
    expect(() => checkTag('instagram', 'MESSAGE_TAG', 'HUMAN_AGENT', false)).not.to.throw();
  });

  it('refuses every other tag on Instagram', () => {
    const ig = failure(() => checkTag('instagram', 'MESSAGE_TAG', 'CUSTOMER_FEEDBACK', true));
    expect(ig.error.code).to.equal(100);
    expect(ig.error.message).to.contain('not available for Instagram');
  });

  it('allows CUSTOMER_FEEDBACK only with the Customer Feedback template', () => {
    expect(() => checkTag('messenger', 'MESSAGE_TAG', 'CUSTOMER_FEEDBACK', true)).not.to.throw();
    expect(
      failure(() => checkTag('messenger', 'MESSAGE_TAG', 'CUSTOMER_FEEDBACK', false)).error.code,
    ).to.equal(100);
  });

  it('refuses MESSAGE_TAG without a tag, a tag without MESSAGE_TAG, unknown tags and unknown messaging types', () => {
    expect(failure(() => checkTag('messenger', 'MESSAGE_TAG', undefined, false)).error.message).to.equal(
      '(#100) Param tag is required with messaging_type MESSAGE_TAG',
    );
    expect(failure(() => checkTag('messenger', 'RESPONSE', 'HUMAN_AGENT', false)).error.code).to.equal(100);
    expect(
      failure(() => checkTag('messenger', 'MESSAGE_TAG', 'SHIPPING_UPDATE', false)).error.message,
    ).to.equal('(#100) Param tag must be one of {HUMAN_AGENT, CUSTOMER_FEEDBACK}');
    expect(failure(() => checkTag('messenger', 'PROMOTION', undefined, false)).error.code).to.equal(100);
  });

  it('reports a retired tag even when the messaging type is wrong too', () => {
    expect(
      failure(() => checkTag('messenger', 'RESPONSE', 'ACCOUNT_UPDATE', false)).error.message,
    ).to.contain('ACCOUNT_UPDATE is no longer supported');
  });
});
