import { expect } from 'chai';
import { copyWith } from '../../adapter/copyWith';

describe('copyWith (a spread copy without Node 20’s slow path)', () => {
  it('is { ...base, ...fields }: a new shallow copy, the fields win, the base is left as it was', () => {
    const from = { id: '6780462125377510' };
    const base = { type: 'event', from, text: 'hi' };
    const copy = copyWith(base, { type: 'message', name: 'messenger.standby' });
    expect(copy).to.deep.equal({ ...base, ...{ type: 'message', name: 'messenger.standby' } });
    expect(Object.keys(copy)).to.deep.equal(['type', 'from', 'text', 'name']);
    expect(copy).not.to.equal(base);
    expect(copy.from).to.equal(from);
    expect(base).to.deep.equal({ type: 'event', from, text: 'hi' });
  });

  it('copies own enumerable fields only, as a spread does', () => {
    const base = Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3, enumerable: false } });
    expect(copyWith(base as { own: number }, { more: 4 })).to.deep.equal({ own: 2, more: 4 });
  });
});
