import { expect } from 'chai';
import fc from 'fast-check';
import { graphemeBoundaryAtOrBefore, maxPrefixEnd } from '../../adapter/outbound/textUnits';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function boundaries(text: string): number[] {
  return [...segmenter.segment(text)].map((segment) => segment.index).concat(text.length);
}

describe('textUnits', () => {
  it('maxPrefixEnd counts UTF-16 units or UTF-8 bytes and stops on code point boundaries', () => {
    expect(maxPrefixEnd('abc😀', 4, 'utf16')).to.equal(3);
    expect(maxPrefixEnd('abc😀', 5, 'utf16')).to.equal(5);
    expect(maxPrefixEnd('ééé', 5, 'utf8')).to.equal(2);
    expect(maxPrefixEnd('😀x', 3, 'utf8')).to.equal(2); // one code point always fits the part
  });

  it('graphemeBoundaryAtOrBefore agrees with Intl.Segmenter on tricky text', () => {
    const token = fc.constantFrom(
      'a',
      ' ',
      '漢',
      '😀',
      '👍🏽',
      '👨‍👩‍👧‍👦',
      '🇫🇷',
      '🇩🇪',
      'e\u0301',
      '\u0301',
      'क्',
      'ष',
      'ि',
      '한',
      '\u1100',
      '\u1161',
      '\u11a8',
      '\r\n',
      '\u0600',
      '١',
      '\u200d',
      'ำ',
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 120 }), fc.nat(), (tokens, seed) => {
        const text = tokens.join('');
        let index = 1 + (seed % text.length);
        const code = text.charCodeAt(index - 1);
        if (code >= 0xd800 && code <= 0xdbff) index += 1; // callers cut at code point boundaries
        const real = boundaries(text).filter((b) => b > 0 && b <= index);
        const expected = real.length > 0 ? Math.max(...real) : undefined;
        const got = graphemeBoundaryAtOrBefore(text, index);
        if (expected !== undefined) expect(got, JSON.stringify({ text, index })).to.equal(expected);
        else expect(got, 'no cluster ends in time: a code point cut').to.equal(index);
      }),
      { numRuns: 2000 },
    );
  });
});
