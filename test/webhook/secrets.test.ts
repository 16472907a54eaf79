import { expect } from 'chai';
import { checkSignatures } from '../../adapter/webhook/secrets';
import { sign } from '../helpers/webhookRequests';

const APP = 'meta-app-secret-0a1b2c';
const IG = 'instagram-app-secret-3d4e5f';
const BODY = Buffer.from('{"object":"instagram","entry":[]}');

describe('checkSignatures (Meta app secret and Instagram app secret)', () => {
  it('says which secret signed', () => {
    expect(checkSignatures({ app: APP, instagram: IG }, BODY, sign(BODY, IG))).to.deep.equal({
      check: 'valid',
      signedBy: ['instagram'],
    });
    expect(checkSignatures({ app: APP, instagram: IG }, BODY, sign(BODY, APP))).to.deep.equal({
      check: 'valid',
      signedBy: ['app'],
    });
    expect(checkSignatures({ app: APP, instagram: APP }, BODY, sign(BODY, APP)).signedBy).to.deep.equal([
      'app',
      'instagram',
    ]);
  });

  it('refuses a body signed with neither, a missing header and a malformed one', () => {
    expect(checkSignatures({ app: APP, instagram: IG }, BODY, sign(BODY, 'other'))).to.deep.equal({
      check: 'mismatch',
      signedBy: [],
    });
    expect(checkSignatures({ app: APP, instagram: IG }, BODY, undefined).check).to.equal('missing');
    expect(checkSignatures({ app: APP, instagram: IG }, BODY, 'sha256=abc').check).to.equal('malformed');
  });

  it('checks only the app secret when no Instagram secret is configured', () => {
    expect(checkSignatures({ app: APP }, BODY, sign(BODY, IG)).check).to.equal('mismatch');
  });
});
