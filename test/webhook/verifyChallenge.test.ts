import { expect } from 'chai';
import { answerChallenge, queryOf } from '../../adapter/webhook/verifyChallenge';

describe('webhook GET verification', () => {
  it('echoes hub.challenge when the verify token matches', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(answerChallenge(query, 'tok')).to.deep.equal({ status: 200, body: '1158201444' });
  });

  it('answers 403 for a wrong token or mode, 400 without a challenge', () => {
    expect(
      answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }, 'tok')
        .status,
    ).to.equal(403);
    expect(
      answerChallenge({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' }, 'tok')
        .status,
    ).to.equal(403);
    expect(answerChallenge({}, 'tok').status).to.equal(403);
    expect(answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }, 'tok').status).to.equal(
      400,
    );
  });

  it('reads the query from the URL when the framework nested the dotted keys', () => {
    const req = {
      query: { hub: { mode: 'subscribe' } },
      url: '/api/messages?hub.mode=subscribe&hub.verify_token=t&hub.challenge=42',
    };
    expect(queryOf(req)).to.deep.equal({
      'hub.mode': 'subscribe',
      'hub.verify_token': 't',
      'hub.challenge': '42',
    });
    expect(queryOf({ query: { 'hub.mode': 'subscribe' } })).to.deep.equal({ 'hub.mode': 'subscribe' });
  });
});
