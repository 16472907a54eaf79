import { expect } from 'chai';
import { newMarkToken } from '../../adapter/turns/markRelease';

describe('newMarkToken (the value of a webhook attempt’s redelivery marks)', () => {
  it('is new for every attempt: a random part per process, then a counter', () => {
    const tokens = Array.from({ length: 10_000 }, () => newMarkToken());
    expect(new Set(tokens).size).to.equal(tokens.length);
    const prefixes = new Set(tokens.map((token) => token.split('.')[0]));
    expect([...prefixes]).to.have.length(1);
    const [prefix] = [...prefixes];
    // 9 random bytes in base64url: 72 bits, so two instances do not draw the same prefix
    expect(prefix).to.match(/^[A-Za-z0-9_-]{12}$/);
    for (const token of tokens.slice(0, 100)) expect(token).to.match(/^[A-Za-z0-9_-]{12}\.[0-9a-z]+$/);
  });
});
