import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { GraphClient } from '../../adapter/graph/graphClient';
import { type GraphClientOptions, resolveGraphClientOptions } from '../../adapter/graph/options';
import { APP_SECRET, PAGE_TOKEN } from './helpers';

function configError(options: unknown): MessengerError {
  try {
    new GraphClient(options as GraphClientOptions).close();
  } catch (error) {
    expect(error).to.be.instanceOf(MessengerError);
    expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    return error as MessengerError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('GraphClient options', () => {
  it('applies the defaults', () => {
    const getAccessToken = () => PAGE_TOKEN;
    expect(resolveGraphClientOptions({ appSecret: APP_SECRET, getAccessToken })).to.deep.equal({
      appSecret: APP_SECRET,
      accessToken: undefined,
      getAccessToken,
      graphApiUrl: 'https://graph.facebook.com',
      graphApiVersion: 'v27.0',
      timeoutMs: 10_000,
      maxRetries: 2,
      retryAmbiguousSends: false,
      httpClient: 'auto',
      retryBaseMs: 500,
      retryMaxMs: 30_000,
      tokenCacheTtlMs: 900_000,
      onRetry: undefined,
      appSecretProof: true,
      instagramLogin: undefined,
      store: undefined,
    });
  });

  it('strips trailing slashes from graphApiUrl', () => {
    const resolved = resolveGraphClientOptions({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: 'http://127.0.0.1:3000/',
    });
    expect(resolved.graphApiUrl).to.equal('http://127.0.0.1:3000');
  });

  it('requires appSecret', () => {
    expect(configError({ accessToken: PAGE_TOKEN }).message).to.contain('appSecret');
    expect(configError({ appSecret: '', accessToken: PAGE_TOKEN }).message).to.contain(
      'appSecret is required',
    );
  });

  it('requires exactly one of accessToken and getAccessToken', () => {
    expect(configError({ appSecret: APP_SECRET }).message).to.contain(
      'give accessToken (one Page) or getAccessToken',
    );
    expect(
      configError({ appSecret: APP_SECRET, accessToken: PAGE_TOKEN, getAccessToken: () => 'x' }).message,
    ).to.contain('not both');
    expect(configError({ appSecret: APP_SECRET, getAccessToken: 'token' }).message).to.contain(
      'getAccessToken: getAccessToken must be a function',
    );
  });

  it('names each wrong option', () => {
    const error = configError({
      appSecret: APP_SECRET,
      accessToken: PAGE_TOKEN,
      graphApiUrl: 'graph.facebook.com',
      graphApiVersion: '25',
      timeoutMs: 0,
      maxRetries: -1,
    });
    expect(error.message).to.match(/^Invalid GraphClient options: /);
    for (const name of ['graphApiUrl', 'graphApiVersion', 'timeoutMs', 'maxRetries'])
      expect(error.message).to.contain(name);
    expect(error.details.problems).to.have.length(4);
  });

  it('rejects a non-object', () => {
    expect(configError(undefined).message).to.match(/^Invalid GraphClient options/);
  });
});
