import { expect } from 'chai';
import fc from 'fast-check';
import { splitText, splitToLimit } from '../../adapter/outbound/textSplit';
import { measureText, type TextMeasure } from '../../adapter/outbound/textUnits';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** True when `parts` are `original` in order with only whitespace between (and around) them. */
function rejoins(original: string, parts: readonly string[]): boolean {
  let index = 0;
  for (const part of parts) {
    while (!original.startsWith(part, index) && /\s/u.test(original[index] ?? '')) index++;
    if (!original.startsWith(part, index)) return false;
    index += part.length;
  }
  return original.slice(index).trim() === '';
}

function splitsAPair(original: string, parts: readonly string[]): boolean {
  let index = 0;
  for (const part of parts) {
    while (!original.startsWith(part, index)) index++;
    index += part.length;
    const last = part.charCodeAt(part.length - 1);
    const next = original.charCodeAt(index);
    if (last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return true;
  }
  return false;
}

describe('splitText', () => {
  describe('Messenger (< 2000 UTF-16 characters)', () => {
    it('keeps 1999 characters in one message and returns fitting text unchanged', () => {
      const text = 'a'.repeat(1999);
      expect(splitText(text, 'facebook')).to.deep.equal([text]);
      expect(splitText('  Hi there  ', 'facebook')).to.deep.equal(['  Hi there  ']);
    });

    it('splits 2000 characters of one word at 1999 (a hard split only when unavoidable)', () => {
      expect(splitText('a'.repeat(2000), 'facebook')).to.deep.equal(['a'.repeat(1999), 'a']);
    });

    it('splits at the last space before the limit, dropping only that space', () => {
      const first = `${'a'.repeat(1000)} ${'b'.repeat(997)}`; // 1998 characters
      const text = `${first} ${'c'.repeat(10)}`; // 2009 characters
      expect(splitText(text, 'facebook')).to.deep.equal([first, 'c'.repeat(10)]);
    });

    it('splits exactly at 1999 when the space falls right after it', () => {
      const first = `${'a'.repeat(999)} ${'b'.repeat(999)}`; // 1999 characters
      expect(splitText(`${first} tail`, 'facebook')).to.deep.equal([first, 'tail']);
    });

    it('never splits inside a word', () => {
      const words = Array.from({ length: 700 }, (_, i) => `word${i}`);
      const text = words.join(' ');
      const parts = splitText(text, 'facebook');
      expect(parts.length).to.be.greaterThan(1);
      for (const part of parts) {
        expect(part.length).to.be.at.most(1999);
        for (const word of part.split(' ')) expect(words).to.include(word);
      }
      expect(parts.join(' ')).to.equal(text);
    });

    it('prefers a paragraph break near the limit over the last space', () => {
      const paragraph1 = 'x'.repeat(1400);
      const paragraph2 = `${'y '.repeat(400)}end`;
      const text = `${paragraph1}\n\n${paragraph2}`;
      expect(splitText(text, 'facebook')).to.deep.equal([paragraph1, paragraph2]);
    });

    it('ignores a paragraph break far from the limit and uses the last space', () => {
      const text = `${'x'.repeat(300)}\n\n${'y'.repeat(1600)} ${'z'.repeat(500)}`;
      expect(splitText(text, 'facebook')).to.deep.equal([
        `${'x'.repeat(300)}\n\n${'y'.repeat(1600)}`,
        'z'.repeat(500),
      ]);
    });

    it('prefers a line break, then a sentence end, over a later space', () => {
      const line = `${'a '.repeat(700)}a`; // 1401 characters
      expect(splitText(`${line}\n${'b '.repeat(300)}b ${'c'.repeat(400)}`, 'facebook')[0]).to.equal(line);
      const sentence = `${'a '.repeat(700)}done.`;
      expect(splitText(`${sentence} ${'b '.repeat(400)}`, 'facebook')[0]).to.equal(sentence);
    });

    it('breaks CJK text after a full stop even without spaces', () => {
      const sentence = `${'漢'.repeat(29)}。`; // 30 characters
      const text = sentence.repeat(70); // 2100 characters
      const parts = splitText(text, 'facebook');
      expect(parts).to.deep.equal([sentence.repeat(66), sentence.repeat(4)]);
    });

    it('never splits a surrogate pair at the boundary', () => {
      const text = `${'a'.repeat(1998)}😀`; // the emoji is code units 1998-1999
      expect(splitText(text, 'facebook')).to.deep.equal(['a'.repeat(1998), '😀']);
    });

    it('keeps a ZWJ emoji sequence and a letter with combining marks whole', () => {
      const family = '👨‍👩‍👧‍👦'; // 11 code units
      expect(splitText(`${'a'.repeat(1995)}${family}`, 'facebook')).to.deep.equal(['a'.repeat(1995), family]);
      const accented = 'e\u0301'.repeat(1000); // 2000 code units, clusters of 2
      expect(splitText(accented, 'facebook').map((part) => part.length)).to.deep.equal([1998, 2]);
      const flags = '🇫🇷'.repeat(500); // 2000 code units, clusters of 4
      expect(splitText(flags, 'facebook').map((part) => part.length)).to.deep.equal([1996, 4]);
    });

    it('gives no parts for blank text and drops overlong leading whitespace', () => {
      expect(splitText('', 'facebook')).to.deep.equal([]);
      expect(splitText(' \n\t ', 'facebook')).to.deep.equal([]);
      expect(splitText(`${' '.repeat(2500)}hello`, 'facebook')).to.deep.equal(['hello']);
    });

    it('does not break at a no-break space', () => {
      const text = `${'a'.repeat(1990)}\u00a0${'b'.repeat(20)} tail`;
      expect(splitText(text, 'facebook')).to.deep.equal([text.slice(0, 1999), text.slice(1999)]);
    });
  });

  describe('Instagram (<= 1000 UTF-8 bytes)', () => {
    it('keeps exactly 1000 bytes of 2-byte characters and splits 1002', () => {
      expect(splitText('é'.repeat(500), 'instagram')).to.deep.equal(['é'.repeat(500)]);
      expect(splitText('é'.repeat(501), 'instagram')).to.deep.equal(['é'.repeat(500), 'é']);
    });

    it('counts 3-byte characters as 3 bytes', () => {
      const parts = splitText('€'.repeat(334), 'instagram'); // 1002 bytes
      expect(parts).to.deep.equal(['€'.repeat(333), '€']);
      expect(bytes(parts[0] as string)).to.equal(999);
    });

    it('moves a 4-byte emoji that would cross the limit to the next part whole', () => {
      expect(splitText(`${'a'.repeat(998)}😀`, 'instagram')).to.deep.equal(['a'.repeat(998), '😀']);
    });

    it('splits multi-byte words at spaces within 1000 bytes', () => {
      const text = Array.from({ length: 200 }, () => 'héllo wörld').join(' '); // 2600 bytes
      const parts = splitText(text, 'instagram');
      for (const part of parts) {
        expect(bytes(part)).to.be.at.most(1000);
        expect(part).to.match(/^(héllo|wörld)( (héllo|wörld))*$/u);
      }
      expect(parts.join(' ')).to.equal(text);
    });

    it('fits Messenger-sized text that is too many bytes for Instagram', () => {
      const text = 'ü'.repeat(900); // 900 characters, 1800 bytes
      expect(splitText(text, 'facebook')).to.deep.equal([text]);
      expect(splitText(text, 'instagram')).to.deep.equal(['ü'.repeat(500), 'ü'.repeat(400)]);
    });
  });

  describe('properties', () => {
    const token = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
      { weight: 3, arbitrary: fc.constantFrom(' ', '  ', '\n', '\n\n', '. ', '\t', '\u00a0') },
      { weight: 1, arbitrary: fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🇫🇷', 'e\u0301', '漢字。', 'ü', '€') },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 50, maxLength: 400 }) },
    );
    const text = fc.array(token, { maxLength: 300 }).map((tokens) => tokens.join(''));

    function check(original: string, parts: readonly string[], limit: number, measure: TextMeasure): void {
      for (const part of parts) {
        expect(part.trim(), 'no blank part').to.not.equal('');
        expect(measureText(part, measure), 'within the limit').to.be.at.most(limit);
      }
      expect(rejoins(original, parts), 'parts rejoin to the original').to.equal(true);
      expect(splitsAPair(original, parts), 'no surrogate pair split').to.equal(false);
      if (measureText(original, measure) <= limit && original.trim() !== '')
        expect(parts).to.deep.equal([original]);
    }

    it('Messenger and Instagram parts rejoin to the original and fit the limit', () => {
      fc.assert(
        fc.property(text, (original) => {
          check(original, splitText(original, 'facebook'), 1999, 'utf16');
          check(original, splitText(original, 'instagram'), 1000, 'utf8');
        }),
        { numRuns: 300 },
      );
    });

    it('holds for small limits too (many splits, many hard splits)', () => {
      fc.assert(
        fc.property(
          text,
          fc.integer({ min: 4, max: 60 }),
          fc.constantFrom<TextMeasure>('utf16', 'utf8'),
          (original, limit, measure) => {
            check(original, splitToLimit(original, limit, measure), limit, measure);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
