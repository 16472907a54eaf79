import { expect } from 'chai';
import fc from 'fast-check';
import {
  handoffContextToMetadata,
  METADATA_MAX_CHARS,
  truncateMetadata,
} from '../../../adapter/handover/metadata';

describe('handover metadata', () => {
  it("keeps Meta's limit of fewer than 1,000 characters", () => {
    expect(METADATA_MAX_CHARS).to.equal(999);
  });

  describe('truncateMetadata', () => {
    it('keeps a short text and cuts a long one to the limit, ending with an ellipsis', () => {
      expect(truncateMetadata('escalate:billing')).to.equal('escalate:billing');
      const cut = truncateMetadata('a'.repeat(1500));
      expect(cut).to.have.length(999);
      expect(cut.endsWith('a\u2026')).to.equal(true);
      expect(truncateMetadata('a'.repeat(999))).to.equal('a'.repeat(999));
    });

    it('never splits a surrogate pair', () => {
      const text = `${'a'.repeat(997)}\u{1F600}tail`;
      const cut = truncateMetadata(text);
      expect(cut).to.equal(`${'a'.repeat(997)}\u2026`);
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme', maxLength: 700 }),
          fc.integer({ min: 1, max: 60 }),
          (text, max) => {
            const out = truncateMetadata(text, max);
            expect(out.length).to.be.at.most(max);
            expect(
              /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out),
            ).to.equal(false);
          },
        ),
      );
    });
  });

  describe('handoffContextToMetadata', () => {
    it('uses strings as they are, objects as JSON, and gives nothing for undefined, null or a cycle', () => {
      expect(handoffContextToMetadata('billing')).to.equal('billing');
      expect(handoffContextToMetadata({ skill: 'billing', priority: 2 })).to.equal(
        '{"skill":"billing","priority":2}',
      );
      expect(handoffContextToMetadata(undefined)).to.equal(undefined);
      expect(handoffContextToMetadata(null)).to.equal(undefined);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(handoffContextToMetadata(cyclic)).to.equal(undefined);
      expect(handoffContextToMetadata(10n)).to.equal(undefined);
    });

    it('keeps a long object valid JSON by cutting its longest strings first', () => {
      const context = {
        skill: 'billing',
        summary: 'The customer asks '.repeat(100),
        tags: ['vip', 'x'.repeat(400)],
      };
      const metadata = handoffContextToMetadata(context)!;
      expect(metadata.length).to.be.at.most(999);
      const parsed = JSON.parse(metadata) as typeof context;
      expect(parsed.skill).to.equal('billing');
      expect(parsed.tags[0]).to.equal('vip');
      expect(parsed.summary.startsWith('The customer asks The customer asks')).to.equal(true);
      expect(parsed.summary.endsWith('\u2026')).to.equal(true);
    });

    it('falls back to a plain cut when no string can shrink enough (many small fields)', () => {
      const context = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, i]));
      const metadata = handoffContextToMetadata(context)!;
      expect(metadata).to.have.length(999);
      expect(metadata.startsWith('{"field0":0,"field1":1')).to.equal(true);
      expect(metadata.endsWith('\u2026')).to.equal(true);
    });

    it('always fits the limit (property)', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const metadata = handoffContextToMetadata(value);
          if (metadata !== undefined) expect(metadata.length).to.be.at.most(999);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps objects of a few long strings valid JSON (property)', () => {
      const longText = fc.string({ unit: 'grapheme', minLength: 100, maxLength: 900 });
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), longText, { maxKeys: 8 }),
          (value) => {
            const metadata = handoffContextToMetadata(value)!;
            expect(metadata.length).to.be.at.most(999);
            expect(Object.keys(JSON.parse(metadata) as object)).to.deep.equal(Object.keys(value));
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
