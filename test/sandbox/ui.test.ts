import http from 'node:http';
import { expect } from 'chai';
import type { Sandbox } from '../../sandbox';
import type { SandboxSnapshot } from '../../sandbox/ui/snapshot';
import { type FakeBot, graph, manualClock, sendText, startPair } from './helpers';

const TEST_IDS = [
  'platform-messenger',
  'platform-instagram',
  'user-select',
  'clock-now',
  'clock-plus-1h',
  'clock-plus-25h',
  'clock-plus-8d',
  'webhook-status',
  'phone',
  'phone-transcript',
  'phone-input',
  'phone-send',
  'phone-photo',
  'phone-sticker',
  'typing-indicator',
  'inbox',
  'inbox-owner',
  'inbox-window',
  'inbox-transcript',
  'inbox-take',
  'inbox-handback',
  'inbox-input',
  'inbox-send',
  'log',
];

describe('sandbox web page and its API', () => {
  let sandbox: Sandbox;
  let bot: FakeBot;
  let close: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => {
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
  });
  afterEach(async () => {
    await close();
  });

  const post = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${sandbox.url}/sandbox/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        ok?: boolean;
        result?: unknown;
        error?: { reason: string; message: string };
      },
    };
  };
  const state = async () =>
    (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as SandboxSnapshot;

  it('serves the page with stable data-testid hooks, its script, style and media', async () => {
    const page = await fetch(sandbox.url);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    const html = await page.text();
    for (const id of TEST_IDS) expect(html, id).to.contain(`data-testid="${id}"`);
    const script = await fetch(`${sandbox.url}/sandbox/static/app.js`);
    expect(script.headers.get('content-type')).to.match(/javascript/);
    expect(await script.text()).to.contain("new EventSource('/sandbox/api/events')");
    expect((await fetch(`${sandbox.url}/sandbox/static/style.css`)).headers.get('content-type')).to.match(
      /^text\/css/,
    );
    for (const file of ['sample-photo.jpg', 'sticker-like.png', 'avatar.png']) {
      expect((await fetch(`${sandbox.url}/sandbox/media/${file}`)).status, file).to.equal(200);
    }
  });

  it('drives the user, the inbox and the clock, and reports it all in the state', async () => {
    const userId = sandbox.user().id;
    expect((await post(`/users/${userId}/say`, { text: 'hello from the page' })).body.ok).to.equal(true);
    await sendText(sandbox, userId, 'Hi! Pick one', {
      message: {
        text: 'Hi! Pick one',
        quick_replies: [{ content_type: 'text', title: 'Order status', payload: 'STATUS' }],
      },
    });
    let snapshot = await state();
    const messenger = snapshot.conversations.find((c) => c.user.id === userId);
    expect(messenger?.quickReplies).to.deep.equal([
      { contentType: 'text', title: 'Order status', payload: 'STATUS' },
    ]);
    expect(messenger?.owner).to.equal('bot');
    expect(messenger?.window.state).to.equal('open');
    expect(snapshot.webhookUrl).to.equal(bot.webhookUrl);

    expect((await post(`/users/${userId}/quick-reply`, { payload: 'STATUS' })).body.ok).to.equal(true);
    const wrong = await post(`/users/${userId}/quick-reply`, { payload: 'NOPE' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error?.reason).to.equal('NOT_OFFERED');
    expect((await post(`/users/${userId}/say`, {})).status).to.equal(400);

    expect((await post(`/inbox/${userId}/take`)).body.ok).to.equal(true);
    expect((await post(`/inbox/${userId}/reply`, { text: 'Agent here' })).body.ok).to.equal(true);
    snapshot = await state();
    expect(snapshot.conversations.find((c) => c.user.id === userId)?.owner).to.equal('inbox');
    expect((await post(`/inbox/${userId}/hand-back`)).body.ok).to.equal(true);

    const advanced = await post('/clock/advance', { ms: 25 * 60 * 60 * 1000 });
    expect(advanced.body.result).to.deep.equal({ now: clock.now() + 25 * 60 * 60 * 1000 });
    snapshot = await state();
    expect(snapshot.offsetMs).to.equal(25 * 60 * 60 * 1000);
    expect(snapshot.conversations.find((c) => c.user.id === userId)?.window.state).to.equal('human_agent');
    const transcript = snapshot.conversations.find((c) => c.user.id === userId)?.transcript ?? [];
    expect(transcript.map((e) => e.author)).to.deep.equal(['user', 'bot', 'user', 'agent']);
    expect(
      snapshot.log.some(
        (entry) => entry.kind === 'graph' && entry.summary.startsWith('POST /v27.0/me/messages -> 200'),
      ),
    ).to.equal(true);
  });

  it('creates more users, sends images, stickers and reactions, and reads', async () => {
    const created = await post('/users', { platform: 'instagram' });
    const igId = (created.body.result as { id: string }).id;
    expect(igId).to.match(/^\d{16}$/);
    expect((await post(`/users/${igId}/say`, { text: 'hi' })).body.ok).to.equal(true);
    expect((await post(`/users/${igId}/story-mention`)).body.ok).to.equal(true);
    const userId = sandbox.user().id;
    await post(`/users/${userId}/say`, { text: 'hi' });
    const reply = await sendText(sandbox, userId, 'Hello');
    expect((await post(`/users/${userId}/image`)).body.ok).to.equal(true);
    expect((await post(`/users/${userId}/sticker`)).body.ok).to.equal(true);
    expect(
      (await post(`/users/${userId}/react`, { mid: reply.body.message_id, reaction: 'like' })).body.ok,
    ).to.equal(true);
    expect((await post(`/users/${userId}/read`)).body.result).to.have.property('seq');
    const snapshot = await state();
    const conversation = snapshot.conversations.find((c) => c.user.id === userId);
    expect(conversation?.transcript.find((e) => e.mid === reply.body.message_id)?.reactions).to.deep.equal({
      user: 'like',
    });
    expect(snapshot.conversations.filter((c) => c.platform === 'instagram')).to.have.length(2);
  });

  it('streams the state as server-sent events after every change', async () => {
    const frames: string[] = [];
    const request = http.get(`${sandbox.url}/sandbox/api/events`);
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.headers['content-type']).to.equal('text/event-stream');
    const twoFrames = new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        frames.push(
          ...chunk
            .toString()
            .split('\n\n')
            .filter((frame) => frame.startsWith('event: state')),
        );
        if (frames.length >= 2) resolve();
      });
    });
    await graph(sandbox, 'POST', '/me/messenger_profile', { body: { get_started: { payload: 'GO' } } });
    await twoFrames;
    request.destroy();
    const last = JSON.parse(frames.at(-1)?.split('\ndata: ')[1] ?? '{}') as SandboxSnapshot;
    expect(last.conversations[0]?.postbacks).to.deep.equal([
      { title: 'Get Started', payload: 'GO', source: 'get_started' },
    ]);
  });
});
