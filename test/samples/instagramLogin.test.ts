import { expect } from 'chai';
import { start } from '../../samples/instagram';
import { instagramLoginOptionsFromEnv, wantsInstagramLogin } from '../../samples/instagram/instagramLogin';
import { loadFixture } from '../fixtures';
import { sign } from '../helpers/webhookRequests';
import { fixtureClock, GRAPH, SAMPLE_SETTINGS, VERSION, withSample } from './helpers';

const IG_APP_SECRET = 'smoke-instagram-app-secret';
const IG_TOKEN = 'IGAA-smoke-instagram-token';

describe('samples/instagram with INSTAGRAM_LOGIN=1', () => {
  it('reads the Instagram Login settings, and names the missing ones', () => {
    const env = {
      INSTAGRAM_LOGIN: '1',
      MESSENGER_APP_SECRET: 'meta-secret',
      MESSENGER_VERIFY_TOKEN: 'verify',
      INSTAGRAM_APP_SECRET: IG_APP_SECRET,
      INSTAGRAM_ACCESS_TOKEN: IG_TOKEN,
    };
    expect(wantsInstagramLogin(env)).to.equal(true);
    expect(instagramLoginOptionsFromEnv(env)).to.deep.equal({
      appSecret: 'meta-secret',
      verifyToken: 'verify',
      accessToken: '',
      port: 3978,
      instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IG_TOKEN },
    });
    expect(() => instagramLoginOptionsFromEnv({ INSTAGRAM_LOGIN: '1' })).to.throw(
      'Missing MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN, INSTAGRAM_APP_SECRET, INSTAGRAM_ACCESS_TOKEN',
    );
  });

  it('answers a webhook signed with the Instagram app secret through the Instagram-Login host only', () =>
    withSample(
      (log) =>
        start({
          ...SAMPLE_SETTINGS,
          accessToken: '',
          // the smoke Graph stand-in plays graph.instagram.com under /ig
          instagramLogin: { appSecret: IG_APP_SECRET, accessToken: IG_TOKEN, graphApiUrl: `${GRAPH}/ig` },
          now: fixtureClock('instagram/text'),
          log,
        }),
      async ({ running, graph }) => {
        const raw = loadFixture('instagram/text').raw;
        const res = await fetch(running.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw, IG_APP_SECRET) },
          body: raw,
        });
        expect(res.status).to.equal(200);
        await running.adapter.whenIdle();
        const paths = graph.calls.map((call) => call.path);
        expect(paths).to.have.length(2); // the 1.1 kB shipping answer in two messages of <= 1000 bytes
        expect(new Set(paths)).to.deep.equal(new Set([`/ig/${VERSION}/me/messages`]));
      },
    ));
});
