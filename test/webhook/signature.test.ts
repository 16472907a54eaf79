import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { checkSignature, computeSignature, verifySignature } from '../../adapter/webhook/signature';

const SECRET = 'app-secret-0123456789';
// Meta signs the body as sent: non-ASCII escaped as \uXXXX with lowercase hex digits.
const BODY = Buffer.from(
  '{"object":"page","entry":[{"id":"370873143344730","time":1701427704837,"messaging":[{"sender":{"id":"6780462125377510"},' +
    '"recipient":{"id":"370873143344730"},"timestamp":1701427704837,"message":{"mid":"m_1","text":"\\u00e4\\u00f6\\u00e5 gr\\u00fc\\u00dfe"}}]}]}',
  'utf8',
);

describe('webhook signature', () => {
  const expected = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;

  it('computes sha256= plus lowercase hex HMAC over the raw, escaped bytes', () => {
    expect(computeSignature(SECRET, BODY)).to.equal(expected);
    expect(expected).to.match(/^sha256=[0-9a-f]{64}$/);
  });

  it('accepts the exact signature Meta sends, and uppercase hex', () => {
    expect(checkSignature(SECRET, BODY, expected)).to.equal('valid');
    expect(checkSignature(SECRET, BODY, `sha256=${expected.slice(7).toUpperCase()}`)).to.equal('valid');
  });

  it('rejects a signature over the decoded (unescaped) body', () => {
    const decoded = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))), 'utf8');
    expect(decoded.equals(BODY)).to.equal(false);
    expect(checkSignature(SECRET, BODY, computeSignature(SECRET, decoded))).to.equal('mismatch');
  });

  it('tells missing, malformed and mismatching headers apart', () => {
    expect(checkSignature(SECRET, BODY, undefined)).to.equal('missing');
    expect(checkSignature(SECRET, BODY, '')).to.equal('missing');
    expect(checkSignature(SECRET, BODY, 'sha1=0123456789abcdef0123456789abcdef01234567')).to.equal(
      'malformed',
    );
    expect(checkSignature(SECRET, BODY, 'sha256=abc')).to.equal('malformed');
    expect(checkSignature(SECRET, BODY, `sha256=${'0'.repeat(64)}`)).to.equal('mismatch');
    expect(checkSignature('other-secret', BODY, expected)).to.equal('mismatch');
  });

  it('verifySignature is true only for a valid signature', () => {
    expect(verifySignature(SECRET, BODY, expected)).to.equal(true);
    expect(verifySignature(SECRET, Buffer.concat([BODY, Buffer.from(' ')]), expected)).to.equal(false);
  });
});
