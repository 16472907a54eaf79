import { expect } from 'chai';
import { type GraphApiError, MessengerError } from '../../../adapter/errors';
import { toGraphApiError } from '../../../adapter/graph/graphErrors';
import { DEFAULT_SEND_LIMITS, META_SEND_LIMITS, resolveLimits } from '../../../middleware/rateLimit/limits';
import {
  isThrottlingError,
  MIN_SLOW_DOWN_FACTOR,
  slowDownFactor,
  throttlePauseMs,
} from '../../../middleware/rateLimit/throttlePolicy';
import { PAGE_ID, throttleError } from './helpers';

describe('throttle policy', () => {
  const policy = { retryBaseMs: 60_000, retryMaxMs: 300_000, jitter: 0.2 };

  describe('isThrottlingError', () => {
    it('is true for every Graph throttling code and HTTP 429, and nothing else', () => {
      for (const code of [4, 17, 32, 613, 80001, 80002, 80006]) {
        expect(isThrottlingError(throttleError(PAGE_ID, 0, code)), String(code)).to.equal(true);
      }
      const http429 = toGraphApiError('Too Many Requests', {
        method: 'POST',
        path: '/me/messages',
        httpStatus: 429,
      });
      expect(isThrottlingError(http429)).to.equal(true);
      const transient = toGraphApiError(
        {
          error: {
            message: 'An unexpected error has occurred.',
            type: 'OAuthException',
            code: 2,
            fbtrace_id: 'X',
          },
        },
        { method: 'POST', path: '/me/messages', httpStatus: 500 },
      );
      expect(isThrottlingError(transient)).to.equal(false);
      expect(isThrottlingError(new MessengerError('RATE_LIMITED', 'local'))).to.equal(false);
      expect(isThrottlingError(new Error('613'))).to.equal(false);
    });

    it('reads the time to regain access from the usage header (minutes to ms; 0 means no time)', () => {
      expect((throttleError(PAGE_ID, 3) as GraphApiError).usage?.regainAccessInMs).to.equal(180_000);
      expect((throttleError(PAGE_ID, 0) as GraphApiError).usage?.regainAccessInMs).to.equal(undefined);
    });
  });

  describe('throttlePauseMs', () => {
    it('uses retryBaseMs when Meta gives no time, doubling per throttling error in a row, capped at retryMaxMs', () => {
      const none = () => 0;
      expect([1, 2, 3, 4, 5].map((streak) => throttlePauseMs(streak, undefined, policy, none))).to.deep.equal(
        [60_000, 120_000, 240_000, 300_000, 300_000],
      );
    });

    it('honours the time from the usage header, also beyond retryMaxMs, but never less than the backoff', () => {
      expect(throttlePauseMs(1, 180_000, policy, () => 0)).to.equal(180_000);
      expect(throttlePauseMs(1, 3_600_000, policy, () => 0)).to.equal(3_600_000);
      expect(throttlePauseMs(1, 30_000, policy, () => 0)).to.equal(60_000);
      expect(throttlePauseMs(1, 0, policy, () => 0)).to.equal(60_000);
    });

    it('adds up to `jitter` of spread', () => {
      expect(throttlePauseMs(1, undefined, policy, () => 0.5)).to.equal(66_000);
      expect(throttlePauseMs(1, undefined, policy, () => 0.999)).to.equal(71_988);
      expect(throttlePauseMs(1, undefined, { ...policy, jitter: 0 }, () => 0.999)).to.equal(60_000);
    });
  });

  describe('slowDownFactor', () => {
    it('keeps the full pace below the threshold, then slows linearly in steps of 0.05, down to 10 %', () => {
      const at = (percent: number) => slowDownFactor({ callCountPercent: percent }, 80);
      expect([0, 79, 80, 81, 85, 90, 95, 98, 100, 140].map(at)).to.deep.equal([
        1,
        1,
        1,
        0.95,
        0.75,
        0.5,
        0.25,
        MIN_SLOW_DOWN_FACTOR,
        MIN_SLOW_DOWN_FACTOR,
        MIN_SLOW_DOWN_FACTOR,
      ]);
    });

    it('takes the highest of call count and time figures', () => {
      expect(slowDownFactor({ callCountPercent: 10, timePercent: 90 }, 80)).to.equal(0.5);
      expect(slowDownFactor({}, 80)).to.equal(1);
    });
  });

  describe('limits', () => {
    it("defaults to 80 % of Meta's documented Send API limits", () => {
      expect(META_SEND_LIMITS).to.deep.equal({
        facebook: { text: 300, media: 10 },
        instagram: { text: 100, media: 10 },
      });
      expect(DEFAULT_SEND_LIMITS).to.deep.equal({
        facebook: { text: 240, media: 8 },
        instagram: { text: 80, media: 8 },
      });
    });

    it('takes one figure for all channels, or one per channel', () => {
      expect(resolveLimits('instagram', 300, undefined)).to.deep.equal({ text: 300, media: 8 });
      expect(resolveLimits('instagram', { facebook: 250 }, { instagram: 5 })).to.deep.equal({
        text: 80,
        media: 5,
      });
      expect(resolveLimits('facebook', { facebook: 250 }, 9)).to.deep.equal({ text: 250, media: 9 });
    });
  });
});
