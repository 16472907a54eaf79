import { expect } from 'chai';
import nock from 'nock';
import { GraphApiError, type MessengerErrorCode } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import { classifyGraphError, toGraphApiError } from '../../adapter/graph/graphErrors';
import { GRAPH, graphError, newClient, PAGE_ID, PAGE_PROOF, PSID, rejectionOf } from './helpers';

interface Case {
  name: string;
  status: number;
  envelope: ReturnType<typeof graphError>;
  code: MessengerErrorCode;
  /** words the message must contain (what to do) */
  advice: string[];
  tag?: string;
}

const CASES: Case[] = [
  {
    name: '10/2018278 outside the window (Messenger)',
    status: 400,
    envelope: graphError(10, 2018278, '(#10) This message is sent outside of allowed window.'),
    code: 'MESSAGING_WINDOW_CLOSED',
    advice: ['outside the messaging window', '24 hours', 'HUMAN_AGENT'],
  },
  {
    name: '10/2534022 outside the window (Instagram)',
    status: 400,
    envelope: graphError(
      10,
      2534022,
      'This message is sent outside of allowed window. Apps can only send messages to users within 24 hours',
    ),
    code: 'MESSAGING_WINDOW_CLOSED',
    advice: ['outside the messaging window'],
  },
  {
    name: '10/2018065 outside the window (News Messaging)',
    status: 400,
    envelope: graphError(
      10,
      2018065,
      '(#10) This message is sent outside of allowed window. You need News Messaging permission',
    ),
    code: 'MESSAGING_WINDOW_CLOSED',
    advice: ['News Messaging', '24 hours'],
  },
  {
    name: '100 for a retired tag',
    status: 400,
    envelope: graphError(100, undefined, '(#100) Tag is no longer supported'),
    code: 'TAG_NOT_ALLOWED',
    advice: ['POST_PURCHASE_UPDATE', 'retired', 'HUMAN_AGENT'],
    tag: 'POST_PURCHASE_UPDATE',
  },
  {
    name: '10/2018278 with a retired tag (the tag wins)',
    status: 400,
    envelope: graphError(10, 2018278, '(#10) This message is sent outside of allowed window.'),
    code: 'TAG_NOT_ALLOWED',
    advice: ['ACCOUNT_UPDATE', 'retired'],
    tag: 'ACCOUNT_UPDATE',
  },
  {
    name: '2018300 another app controls the thread',
    status: 400,
    envelope: graphError(
      10,
      2018300,
      '(#10) Message failed to send because another app is controlling this thread now.',
    ),
    code: 'NOT_THREAD_OWNER',
    advice: ['Another app', 'default app', 'conversation routing', 'take thread control'],
  },
  {
    name: 'code 2018300 without subcode',
    status: 400,
    envelope: graphError(
      2018300,
      undefined,
      'Message failed to send because another app is controlling this thread now.',
    ),
    code: 'NOT_THREAD_OWNER',
    advice: ['default app'],
  },
  {
    name: '100/2534037 not the thread owner',
    status: 400,
    envelope: graphError(100, 2534037, "The action is invalid since it's not the thread owner."),
    code: 'NOT_THREAD_OWNER',
    advice: ['default app'],
  },
  {
    name: '551 person unavailable',
    status: 400,
    envelope: graphError(551, undefined, "This person isn't receiving messages from you right now."),
    code: 'RECIPIENT_UNAVAILABLE',
    advice: ['cannot receive', 'Do not retry'],
  },
  {
    name: '551/1545041 person unavailable',
    status: 400,
    envelope: graphError(551, 1545041, "This person isn't available right now."),
    code: 'RECIPIENT_UNAVAILABLE',
    advice: ['cannot receive'],
  },
  {
    name: '200/1545041 person unavailable (any code)',
    status: 403,
    envelope: graphError(200, 1545041, "Message Not Sent: This person isn't available right now."),
    code: 'RECIPIENT_UNAVAILABLE',
    advice: ['cannot receive'],
  },
  {
    name: '10/2018108 cannot receive',
    status: 400,
    envelope: graphError(10, 2018108, "(#10) They can't receive your messages right now."),
    code: 'RECIPIENT_UNAVAILABLE',
    advice: ['cannot receive'],
  },
  {
    name: '100/2018001 no matching user',
    status: 400,
    envelope: graphError(100, 2018001, '(#100) No matching user found'),
    code: 'RECIPIENT_NOT_FOUND',
    advice: ['sender id', 'same Page'],
  },
  {
    name: '100/2534014 no matching Instagram user',
    status: 400,
    envelope: graphError(100, 2534014, 'No matching Instagram user'),
    code: 'RECIPIENT_NOT_FOUND',
    advice: ['sender id'],
  },
  ...[4, 17, 32, 613, 80001, 80002, 80006].map(
    (code): Case => ({
      name: `${code} throttling`,
      status: code === 4 || code === 17 ? 403 : 400,
      envelope: graphError(
        code,
        code === 613 ? 2534040 : undefined,
        '(#4) Application request limit reached',
        { is_transient: true },
      ),
      code: 'RATE_LIMITED',
      advice: [`Graph code ${code}`, 'Wait', 'RateLimitMiddleware'],
    }),
  ),
  {
    name: '190 invalid token',
    status: 401,
    envelope: graphError(190, 463, 'Error validating access token: Session has expired on Tuesday.'),
    code: 'AUTH_FAILED',
    advice: ['expired', 'Refresh the Page token', `account ${PAGE_ID}`],
  },
  {
    name: '190 without subcode',
    status: 401,
    envelope: graphError(190, undefined, 'Invalid OAuth access token - Cannot parse access token'),
    code: 'AUTH_FAILED',
    advice: ['Refresh the Page token'],
  },
  {
    name: '200/2018028 app not reviewed',
    status: 403,
    envelope: graphError(
      200,
      2018028,
      '(#200) Cannot message users who are not admins, developers or testers of the app until pages_messaging permission is reviewed and the app is live.',
    ),
    code: 'PERMISSION_DENIED',
    advice: ['pages_messaging', 'App Review', 'tester'],
  },
  {
    name: '200 without subcode',
    status: 403,
    envelope: graphError(200, undefined, '(#200) Requires pages_messaging permission to manage the object'),
    code: 'PERMISSION_DENIED',
    advice: ['pages_messaging', 'tester'],
  },
  {
    name: '230 (200 family) no consent',
    status: 403,
    envelope: graphError(230, undefined, 'User consent is required to access user profile'),
    code: 'PERMISSION_DENIED',
    advice: ['permission'],
  },
  {
    name: '200/2534041 Instagram access to messages off',
    status: 403,
    envelope: graphError(200, 2534041, 'The owner of the Instagram account has disabled access to messages'),
    code: 'PERMISSION_DENIED',
    advice: ['Allow access to messages'],
  },
  {
    name: 'generic 10',
    status: 403,
    envelope: graphError(10, undefined, '(#10) Application does not have permission for this action'),
    code: 'PERMISSION_DENIED',
    advice: ['permission', 'pages_messaging'],
  },
  {
    name: '10/1893063 Page restricted',
    status: 400,
    envelope: graphError(10, 1893063, 'You are temporarily restricted from sending messages.'),
    code: 'PERMISSION_DENIED',
    advice: ['restricted', 'Page Quality'],
  },
  ...(
    [
      [2018008, 'Failed to fetch the file from the url', 'fetch the file'],
      [2018047, 'Upload attachment failure.', 'media type'],
      [2018074, 'Possible invalid ID or you do not own the attachment', 'another Page'],
      [2018109, 'Attachment size exceeds allowable limit', '25 MB'],
      [2018294, 'Video upload timed out', '75 s'],
    ] as const
  ).flatMap(([subcode, message, advice]): Case[] => [
    {
      name: `100/${subcode} attachment`,
      status: 400,
      envelope: graphError(100, subcode, `(#100) ${message}`),
      code: 'ATTACHMENT_REJECTED',
      advice: [advice],
    },
    {
      name: `${subcode} attachment without code 100`,
      status: 400,
      envelope: graphError(10, subcode, message),
      code: 'ATTACHMENT_REJECTED',
      advice: [advice],
    },
  ]),
  {
    name: '1/1357046 ambiguous',
    status: 500,
    envelope: graphError(1, 1357046, 'Received Invalid JSON reply.'),
    code: 'GRAPH_ERROR',
    advice: ['may have been sent', 'echo'],
  },
  {
    name: '100 invalid parameter',
    status: 400,
    envelope: graphError(100, undefined, '(#100) Param message[text] must be non-empty UTF-8 encoded string'),
    code: 'GRAPH_ERROR',
    advice: ['fbtrace_id'],
  },
  {
    name: '100/2534015 invalid message data',
    status: 400,
    envelope: graphError(100, 2534015, 'Invalid message data'),
    code: 'GRAPH_ERROR',
    advice: ['Graph API reference'],
  },
];

describe('Graph error mapping', () => {
  let client: GraphClient;
  beforeEach(() => {
    client = newClient({ maxRetries: 0 });
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
  });

  for (const c of CASES) {
    it(`${c.name} -> ${c.code}`, async () => {
      const body = {
        recipient: { id: PSID },
        ...(c.tag
          ? { messaging_type: 'MESSAGE_TAG' as const, tag: c.tag }
          : { messaging_type: 'RESPONSE' as const }),
        message: { text: 'Hello' },
      };
      const scope = nock(GRAPH)
        .post('/v27.0/me/messages', body)
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(c.status, c.envelope);

      const error = (await rejectionOf(client.sendMessage(PAGE_ID, body))) as GraphApiError;

      scope.done();
      const envelope = c.envelope.error;
      expect(error).to.be.instanceOf(GraphApiError);
      expect(error.name).to.equal('GraphApiError');
      expect(error.code).to.equal(c.code);
      expect(error.graphCode).to.equal(envelope.code);
      expect(error.graphSubcode).to.equal(envelope.error_subcode);
      expect(error.fbtraceId).to.equal('AbCdEfGhIjK_123');
      expect(error.graphType).to.equal('OAuthException');
      expect(error.httpStatus).to.equal(c.status);
      expect(error.method).to.equal('POST');
      expect(error.path).to.equal('/me/messages');
      expect(error.message).to.match(/^Call to 'POST \/me\/messages' failed \(Graph error /);
      expect(error.message).to.contain(String(envelope.message));
      expect(error.message).to.contain('fbtrace_id AbCdEfGhIjK_123');
      for (const words of c.advice) expect(error.message).to.contain(words);
      expect(error.details).to.include({
        method: 'POST',
        path: '/me/messages',
        accountId: PAGE_ID,
        graphCode: envelope.code,
        fbtraceId: 'AbCdEfGhIjK_123',
        httpStatus: c.status,
      });
    });
  }

  it('attaches the usage figures to RATE_LIMITED', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(
        400,
        graphError(80006, undefined, 'There have been too many messages sent to this Messenger thread'),
        {
          'X-Business-Use-Case-Usage': JSON.stringify({
            [PAGE_ID]: [
              {
                type: 'messenger',
                call_count: 100,
                total_cputime: 12,
                total_time: 30,
                estimated_time_to_regain_access: 5,
              },
            ],
          }),
        },
      );
    const error = (await rejectionOf(
      client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } }),
    )) as GraphApiError;
    expect(error.code).to.equal('RATE_LIMITED');
    expect(error.usage).to.deep.equal({ callCountPercent: 100, timePercent: 30, regainAccessInMs: 300_000 });
    expect(error.details.usage).to.deep.equal(error.usage);
    expect(error.message).to.contain('about 5 minute(s)');
  });

  it('leaves regainAccessInMs out when the header says 0', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(400, graphError(4, undefined, '(#4) Application request limit reached'), {
        'X-App-Usage': '{"call_count":100,"total_time":40,"total_cputime":41}',
        'X-Business-Use-Case-Usage': `{"${PAGE_ID}":[{"type":"messenger","call_count":97,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}`,
      });
    const error = (await rejectionOf(
      client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'hi' } }),
    )) as GraphApiError;
    expect(error.usage).to.deep.equal({ callCountPercent: 100, timePercent: 41 });
    expect(error.message).to.contain('Wait before calling again');
  });

  it('maps a 5xx without a Graph body to GRAPH_ERROR with graphCode 0', async () => {
    nock(GRAPH).get('/v27.0/me/thread_owner').query(true).reply(502, '<html>Bad Gateway</html>');
    const error = (await rejectionOf(client.getThreadOwner(PAGE_ID, PSID))) as GraphApiError;
    expect(error).to.be.instanceOf(GraphApiError);
    expect(error.code).to.equal('GRAPH_ERROR');
    expect(error.graphCode).to.equal(0);
    expect(error.httpStatus).to.equal(502);
    expect(error.message).to.equal(
      "Call to 'GET /me/thread_owner' failed (HTTP 502). Graph answered HTTP 502 without a Graph error body (an outage or a proxy in between?). Try again later; check graphApiUrl if it persists.",
    );
  });

  describe('toGraphApiError', () => {
    it('maps HTTP 429 without a Graph body to RATE_LIMITED', () => {
      const error = toGraphApiError('', { method: 'POST', path: '/me/messages', httpStatus: 429 });
      expect(error.code).to.equal('RATE_LIMITED');
      expect(error.message).to.contain('HTTP 429');
    });

    it('accepts numeric strings for code and subcode', () => {
      const error = toGraphApiError(
        { error: { message: 'x', code: '10', error_subcode: '2018278', fbtrace_id: 'T' } },
        { method: 'POST', path: '/me/messages' },
      );
      expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(error.graphCode).to.equal(10);
      expect(error.graphSubcode).to.equal(2018278);
    });

    it('flags the ambiguous 1/1357046 as maybe sent', () => {
      const error = toGraphApiError(graphError(1, 1357046, 'Received Invalid JSON reply.'), {
        method: 'POST',
        path: '/me/messages',
      });
      expect(error.details.maybeSent).to.equal(true);
    });

    it('records the retired tag in details', () => {
      const error = toGraphApiError(graphError(100, undefined, 'Invalid parameter'), {
        method: 'POST',
        path: '/me/messages',
        requestTag: 'CONFIRMED_EVENT_UPDATE',
      });
      expect(error.code).to.equal('TAG_NOT_ALLOWED');
      expect(error.details.tag).to.equal('CONFIRMED_EVENT_UPDATE');
    });
  });

  describe('classifyGraphError', () => {
    it('keeps HUMAN_AGENT errors out of TAG_NOT_ALLOWED', () => {
      expect(classifyGraphError(10, 2018278, 'HUMAN_AGENT')).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(classifyGraphError(100, undefined, 'HUMAN_AGENT')).to.equal('GRAPH_ERROR');
    });

    it('prefers the recipient over a retired tag when Graph names the recipient', () => {
      expect(classifyGraphError(100, 2018001, 'ACCOUNT_UPDATE')).to.equal('RECIPIENT_NOT_FOUND');
    });

    it('maps codes 1 and 2 to GRAPH_ERROR', () => {
      expect(classifyGraphError(1)).to.equal('GRAPH_ERROR');
      expect(classifyGraphError(2)).to.equal('GRAPH_ERROR');
    });
  });
});
