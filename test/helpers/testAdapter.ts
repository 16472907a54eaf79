import { MessengerAdapter, type MessengerAdapterOptions } from '../../adapter';
import { TEST_APP_SECRET, TEST_VERIFY_TOKEN } from './webhookRequests';

/** A `MessengerAdapter` with the test credentials, Graph at a fake host and a silent logger; `extra` wins. */
export function testAdapter(extra: Partial<MessengerAdapterOptions> = {}): MessengerAdapter {
  return new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: 'https://graph.test',
    logger: { error: () => {} },
    ...extra,
  });
}
