import { expect } from 'chai';
import { truncate } from '../../adapter/outbound/truncate';

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('Bicycle', 20)).to.equal('Bicycle');
    expect(truncate('a'.repeat(20), 20)).to.equal('a'.repeat(20));
  });

  it('cuts after the last whole word and adds an ellipsis', () => {
    expect(truncate('Extra large pepperoni pizza', 20)).to.equal('Extra large…');
    expect(truncate('Extra large pepperoni pizza', 20).length).to.be.at.most(20);
  });

  it('cuts inside a word when the last word boundary is too early', () => {
    expect(truncate('Supercalifragilisticexpialidocious', 20)).to.equal('Supercalifragilisti…');
    expect(truncate('A supercalifragilisticexpialidocious', 20)).to.equal('A supercalifragilis…');
  });

  it('never cuts inside an emoji or a surrogate pair', () => {
    const result = truncate(`${'a'.repeat(18)}👍🏽 more`, 20); // 👍🏽 = 4 code units
    expect(result).to.equal(`${'a'.repeat(18)}…`);
    expect(truncate('😀'.repeat(15), 20)).to.equal(`${'😀'.repeat(9)}…`);
  });
});
