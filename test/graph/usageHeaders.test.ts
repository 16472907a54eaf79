import { expect } from 'chai';
import { parseUsageHeaders } from '../../adapter/graph/usageHeaders';

describe('parseUsageHeaders', () => {
  it('reads X-App-Usage', () => {
    expect(
      parseUsageHeaders({ 'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":31}' }),
    ).to.deep.equal({
      callCountPercent: 28,
      timePercent: 31,
    });
  });

  it('reads X-Business-Use-Case-Usage with the regain time in ms', () => {
    const header = JSON.stringify({
      '370873143344730': [
        {
          type: 'messenger',
          call_count: 95,
          total_cputime: 20,
          total_time: 20,
          estimated_time_to_regain_access: 0,
        },
        {
          type: 'pages',
          call_count: 12,
          total_cputime: 70,
          total_time: 3,
          estimated_time_to_regain_access: 2,
        },
      ],
    });
    expect(parseUsageHeaders({ 'X-Business-Use-Case-Usage': header })).to.deep.equal({
      callCountPercent: 95,
      timePercent: 70,
      regainAccessInMs: 120_000,
    });
  });

  it('takes the highest figure across headers and business objects', () => {
    expect(
      parseUsageHeaders({
        'x-app-usage': '{"call_count":10,"total_time":90,"total_cputime":5}',
        'x-page-usage': '{"call_count":61,"total_time":1,"total_cputime":1}',
        'x-business-use-case-usage':
          '{"1":[{"type":"messenger","call_count":40,"total_time":1,"total_cputime":1,"estimated_time_to_regain_access":1}],"2":[{"type":"instagram","call_count":7,"total_time":2,"total_cputime":2,"estimated_time_to_regain_access":3}]}',
      }),
    ).to.deep.equal({ callCountPercent: 61, timePercent: 90, regainAccessInMs: 180_000 });
  });

  it('leaves regainAccessInMs out when it is 0', () => {
    expect(
      parseUsageHeaders({
        'x-business-use-case-usage':
          '{"1":[{"type":"messenger","call_count":100,"total_time":0,"total_cputime":0,"estimated_time_to_regain_access":0}]}',
      }),
    ).to.deep.equal({ callCountPercent: 100, timePercent: 0 });
  });

  it('reads headers through get() and array values', () => {
    const headers = new Headers({ 'X-App-Usage': '{"call_count":3}' });
    expect(parseUsageHeaders(headers)).to.deep.equal({ callCountPercent: 3 });
    expect(parseUsageHeaders({ 'x-app-usage': ['{"call_count":4}'] })).to.deep.equal({ callCountPercent: 4 });
  });

  it('accepts numeric strings', () => {
    expect(parseUsageHeaders({ 'x-app-usage': '{"call_count":"12","total_time":"7"}' })).to.deep.equal({
      callCountPercent: 12,
      timePercent: 7,
    });
  });

  it('ignores missing and malformed headers', () => {
    expect(parseUsageHeaders(undefined)).to.equal(undefined);
    expect(parseUsageHeaders({})).to.equal(undefined);
    expect(parseUsageHeaders({ 'x-app-usage': 'not json' })).to.equal(undefined);
    expect(parseUsageHeaders({ 'x-app-usage': '{"call_count":"lots"}' })).to.equal(undefined);
    expect(
      parseUsageHeaders({ 'x-business-use-case-usage': '{"1":"nope"}', 'content-type': 'application/json' }),
    ).to.equal(undefined);
  });

  it('gives the same figures for a header text seen before, in a fresh object each time', () => {
    const headers = { 'x-app-usage': '{"call_count":41,"total_time":9,"total_cputime":12}' };
    const first = parseUsageHeaders(headers);
    expect(first).to.deep.equal({ callCountPercent: 41, timePercent: 12 });
    (first as { callCountPercent: number }).callCountPercent = 0;
    const second = parseUsageHeaders({ ...headers });
    expect(second).to.deep.equal({ callCountPercent: 41, timePercent: 12 });
    expect(second).not.to.equal(first);
  });

  it('reads a changed header text again, and drops figures of a header that is gone', () => {
    expect(parseUsageHeaders({ 'x-page-usage': '{"call_count":10}' })).to.deep.equal({ callCountPercent: 10 });
    expect(parseUsageHeaders({ 'x-page-usage': '{"call_count":11}' })).to.deep.equal({ callCountPercent: 11 });
    expect(parseUsageHeaders({ 'x-app-usage': '{"call_count":2}' })).to.deep.equal({ callCountPercent: 2 });
    expect(parseUsageHeaders({ 'content-type': 'application/json' })).to.equal(undefined);
  });

  it('takes the first usable value of a name given in several cases', () => {
    expect(
      parseUsageHeaders({ 'X-App-Usage': 7, 'x-app-usage': '{"call_count":8}', 'X-APP-USAGE': '{"call_count":9}' }),
    ).to.deep.equal({ callCountPercent: 8 });
  });
});
