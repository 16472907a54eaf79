// The sandbox page: renders the state the server streams (SSE) and turns clicks into /sandbox/api calls.
// Plain browser JavaScript, no build step.

const ui = {
  state: null,
  platform: 'messenger',
  selected: { messenger: null, instagram: null },
  expanded: new Set(),
  readPending: new Set(),
  menuOpen: false,
  counts: { phone: 0, inbox: 0 },
  /** Per transcript container: key -> { sig, node } of what it shows (see reconcile). */
  nodes: new Map(),
  /** Per pane and message: the content nodes built for it, kept while its content is unchanged. */
  content: new Map(),
};

const REACTION_EMOJI = {
  like: '👍',
  love: '❤️',
  smile: '😆',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  angry: '😠',
  dislike: '👎',
};
const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** Creates an element: h('div', { class: 'x', onclick }, child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'testid') el.dataset.testid = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(path, body) {
  const response = await fetch(`/sandbox/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ? answer.error.message : `HTTP ${response.status}`);
  return answer.result;
}

function act(path, body) {
  return api(path, body).catch((error) => toast(error.message));
}

let toastTimer;
function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 6000);
}

function conversations() {
  return ui.state ? ui.state.conversations.filter((c) => c.platform === ui.platform) : [];
}

function current() {
  const list = conversations();
  return list.find((c) => c.user.id === ui.selected[ui.platform]) || list[0] || null;
}

const time = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const sameDay = (a, b) => new Date(a).toDateString() === new Date(b).toDateString();
/** A message's time, with its date when it is not on the sandbox's current day (after "+25 h"). */
function stamp(ms) {
  const now = ui.state ? ui.state.now : Date.now();
  if (sameDay(ms, now)) return time(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  const day = new Date(ms).toLocaleDateString([], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${day}, ${time(ms)}`;
}
/** The sandbox clock in the header: short enough to keep the header on one line. */
const dateTime = (ms) =>
  new Date(ms).toLocaleString([], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * Makes `container`'s children the nodes of `items` ({ key, sig, build }), in order. A node whose key
 * and signature are unchanged is kept as it is (no rebuild, so its images are not fetched again);
 * only new or changed items are built.
 */
function reconcile(container, items) {
  const cache = ui.nodes.get(container) || new Map();
  const next = new Map();
  const nodes = items.map((item) => {
    const known = cache.get(item.key);
    const node = known && known.sig === item.sig ? known.node : item.build();
    next.set(item.key, { sig: item.sig, node });
    return node;
  });
  ui.nodes.set(container, next);
  nodes.forEach((node, index) => {
    const at = container.childNodes[index];
    if (at !== node) container.insertBefore(node, at || null);
  });
  while (container.childNodes.length > nodes.length) container.lastChild.remove();
}

/**
 * The content nodes of a message, built once per pane and reused while the content stays the same:
 * a reaction, a delivery or a date change rebuilds the message around them, and its pictures are
 * moved, not fetched again.
 */
function cachedContent(pane, entry, interactive) {
  const key = `${pane}:${entry.mid}`;
  const sig = JSON.stringify([entry.message, entry.postback, entry.replyTo]);
  const known = ui.content.get(key);
  if (known && known.sig === sig) return known.nodes;
  const nodes = contentNodes(entry, interactive);
  ui.content.set(key, { sig, nodes });
  return nodes;
}

/** True when a message the bot's app sent was written by a person (agent desk, persona, HUMAN_AGENT tag). */
function byPersonThroughApp(entry) {
  const metadata = entry.message && typeof entry.message.metadata === 'string' ? entry.message.metadata : '';
  return entry.tag === 'HUMAN_AGENT' || Boolean(entry.personaId) || metadata.startsWith('human_agent');
}

/** The bot's refused send attempts, as items to merge with the transcript (by `seq`). */
function refusals(conversation) {
  return (conversation.sends || []).filter((record) => record.outcome === 'refused');
}

/**
 * The items (see reconcile) of a pane's transcript: the messages, and the bot's refused attempts
 * where they happened (by `seq`).
 */
function transcriptItems(conversation, pane, buildEntry) {
  return [
    ...conversation.transcript.map((entry) => ({
      seq: entry.seq,
      key: `${conversation.id}:${entry.mid}`,
      sig: JSON.stringify([entry, stamp(entry.at)]),
      build: () => buildEntry(entry),
    })),
    ...refusals(conversation).map((record) => ({
      seq: record.seq,
      key: `${conversation.id}:refused:${record.seq}`,
      sig: stamp(record.at),
      build: () => refusalNode(record, pane),
    })),
    ...(pane === 'inbox' ? complianceItems(conversation) : []),
  ].sort((a, b) => a.seq - b.seq);
}

/**
 * The compliance report of the Inbox: next to each message that went out tagged (or as a utility
 * template), the window it went out in, the rule it was judged by and the tag chosen.
 */
function complianceItems(conversation) {
  const seqOf = new Map(conversation.transcript.map((entry) => [entry.mid, entry.seq]));
  return (conversation.sends || [])
    .filter((record) => record.outcome === 'sent' && (record.tag || record.messagingType === 'UTILITY'))
    .filter((record) => seqOf.has(record.mid))
    .map((record) => ({
      // right after the message it explains
      seq: seqOf.get(record.mid) + 0.5,
      key: `${conversation.id}:compliance:${record.mid}`,
      sig: record.mid,
      build: () => complianceNode(record),
    }));
}

/** One line of the compliance report: why a tagged message was allowed out. */
function complianceNode(record) {
  const how = record.tag ? `${record.messagingType || 'MESSAGE_TAG'} + ${record.tag}` : record.messagingType;
  return h(
    'div',
    { class: 'compliance-note', testid: 'compliance-note', 'data-mid': record.mid },
    h('b', {}, `Sent as ${how}. `),
    `Rule: ${record.rule}. Window: ${WINDOW_NAMES[record.windowState]}.`,
  );
}

/** Why the Inbox cannot reply now, or null when it can. */
function replyBlockedReason(conversation) {
  if (conversation.window.state !== 'closed') return null;
  if (conversation.lastUserMessageAt === null) {
    return 'Reply is disabled: the user has not written yet, and Meta lets the Page write only after they do.';
  }
  return (
    `Reply is disabled: the user last wrote ${stamp(conversation.lastUserMessageAt)}, more than 7 days ago. ` +
    'Meta refuses every message, even a human agent\'s (HUMAN_AGENT), until the user writes again.'
  );
}

/** A refused bot message: what the bot tried, and why it did not go out. */
function refusalNode(record, where) {
  const message = record.message || {};
  const what =
    typeof message.text === 'string'
      ? message.text
      : message.attachment
        ? `[${message.attachment.type || 'attachment'}]`
        : '[message]';
  const by = record.refusedBy === 'bot' ? 'The bot did not send it' : `Meta refused it (${record.errorCode})`;
  if (where === 'phone') {
    return h(
      'div',
      { class: 'refusal-note', testid: 'phone-refusal', 'data-seq': record.seq },
      `Page message not delivered (${stamp(record.at)}): ${record.reason}`,
      record.refusedBy === 'bot' ? null : ` Meta's error ${record.errorCode}.`,
    );
  }
  return h(
    'div',
    { class: 'msg bot refused', testid: 'inbox-refusal', 'data-seq': record.seq },
    h('div', { class: 'bubble' }, what),
    h(
      'div',
      { class: 'refusal-reason', testid: 'refusal-reason' },
      h('b', {}, `Not delivered. ${by}: `),
      record.reason,
      record.detail ? h('div', { class: 'refusal-detail' }, record.detail) : null,
      h('div', { class: 'refusal-rule' }, `Rule: ${record.rule}. Window: ${WINDOW_NAMES[record.windowState]}.`),
      record.tag ? h('span', { class: 'tag' }, ` Tag: ${record.tag}.`) : null,
    ),
    h('div', { class: 'meta' }, h('span', {}, 'Bot'), h('span', {}, stamp(record.at))),
  );
}

const WINDOW_NAMES = {
  open: 'open (within 24 h)',
  human_agent: 'HUMAN_AGENT only (24 h to 7 d)',
  closed: 'closed (over 7 days, or the user never wrote)',
};

function duration(ms) {
  const minutes = Math.max(0, Math.round(ms / 60000));
  const d = Math.floor(minutes / 1440);
  const hh = Math.floor((minutes % 1440) / 60);
  const mm = minutes % 60;
  if (d > 0) return `${d} d ${hh} h`;
  if (hh > 0) return `${hh} h ${mm} min`;
  return `${mm} min`;
}

// ---- message content -------------------------------------------------------------------------

function attachmentsOf(message) {
  if (!message) return [];
  if (message.attachment) return [message.attachment];
  return Array.isArray(message.attachments) ? message.attachments : [];
}

function buttonNode(button, interactive) {
  if (button.type === 'web_url')
    return h('a', { href: button.url, target: '_blank', rel: 'noopener' }, button.title);
  if (button.type === 'phone_number') return h('a', { href: `tel:${button.payload}` }, button.title);
  if (button.type === 'postback') {
    return h(
      'button',
      {
        type: 'button',
        testid: interactive ? 'postback-button' : undefined,
        'data-payload': button.payload,
        disabled: !interactive,
        onclick: () => act(`/users/${current().user.id}/postback`, { payload: String(button.payload) }),
      },
      button.title,
    );
  }
  return h('button', { type: 'button', disabled: true }, button.title || button.type);
}

function templateNode(payload, interactive) {
  const buttons = (list) =>
    h(
      'div',
      { class: 'card-buttons' },
      (list || []).map((b) => buttonNode(b, interactive)),
    );
  if (payload.template_type === 'generic') {
    return h(
      'div',
      { class: 'card-row' },
      (payload.elements || []).map((element) =>
        h(
          'div',
          { class: 'card' },
          element.image_url && h('img', { src: element.image_url, alt: '' }),
          h(
            'div',
            { class: 'card-body' },
            h('div', { class: 'card-title' }, element.title),
            element.subtitle && h('div', { class: 'card-sub' }, element.subtitle),
          ),
          element.buttons && element.buttons.length > 0 && buttons(element.buttons),
        ),
      ),
    );
  }
  if (payload.template_type === 'button') {
    return h(
      'div',
      { class: 'card' },
      h('div', { class: 'card-body' }, payload.text),
      buttons(payload.buttons),
    );
  }
  if (payload.template_type === 'media') {
    const element = (payload.elements || [])[0] || {};
    const src = element.url || '';
    return h(
      'div',
      { class: 'card' },
      element.media_type === 'video'
        ? h('video', { src, controls: true, class: 'media' })
        : h('img', { src, alt: '', class: 'media' }),
      element.buttons && buttons(element.buttons),
    );
  }
  if (payload.template_type === 'image_grid') {
    // 2–6 images in a grid (the hero spans two columns); a tap opens the URL or sends the postback
    const element = (payload.elements || [])[0] || {};
    const cell = (image) => {
      const style = `width:100%;height:70px;object-fit:cover;display:block;${image.is_hero_image ? 'grid-column:span 2;height:110px;' : ''}`;
      const picture = h('img', { src: image.url, alt: '', style });
      const action = image.action || {};
      if (action.type === 'web_url') return h('a', { href: action.url, target: '_blank', rel: 'noopener', style }, picture);
      if (action.type !== 'postback') return picture;
      return h(
        'a',
        {
          href: '#',
          style,
          title: action.text,
          testid: interactive ? 'grid-image-postback' : undefined,
          'data-payload': action.payload,
          onclick: (event) => {
            event.preventDefault();
            if (interactive) act(`/users/${current().user.id}/postback`, { payload: String(action.payload) });
          },
        },
        picture,
      );
    };
    return h(
      'div',
      { class: 'card image-grid' },
      h('div', { style: 'display:grid;grid-template-columns:1fr 1fr;gap:2px' }, (element.images || []).map(cell)),
      (element.title || element.subtitle) &&
        h(
          'div',
          { class: 'card-body' },
          element.title && h('div', { class: 'card-title' }, element.title),
          element.subtitle && h('div', { class: 'card-sub' }, element.subtitle),
        ),
      element.buttons && element.buttons.length > 0 && buttons(element.buttons),
    );
  }
  return h('div', { class: 'bubble other-template' }, `[${payload.template_type || 'template'} template]`);
}

function attachmentNode(attachment, interactive) {
  const payload = attachment.payload || {};
  const url = payload.url;
  switch (attachment.type) {
    case 'template':
      return templateNode(payload, interactive);
    case 'image':
      return h('img', { src: url, alt: 'photo', class: payload.sticker_id ? 'media sticker' : 'media' });
    case 'sticker':
      return h('img', { src: url, alt: 'sticker', class: 'media sticker' });
    case 'video':
      return h('video', { src: url, controls: true, class: 'media' });
    case 'audio':
      return h('audio', { src: url, controls: true });
    case 'story_mention':
      return h(
        'div',
        {},
        h('div', { class: 'bubble' }, 'Mentioned you in their story'),
        h('img', { src: url, alt: 'story', class: 'media' }),
      );
    default:
      return h(
        'div',
        { class: 'bubble' },
        h('a', { href: url, target: '_blank', rel: 'noopener' }, `📎 ${attachment.type}`),
      );
  }
}

function contentNodes(entry, interactive) {
  if (entry.postback)
    return [h('div', { class: 'bubble postback' }, entry.postback.title || entry.postback.payload)];
  const message = entry.message || {};
  const nodes = [];
  const quoted = entry.replyTo || message.reply_to?.mid;
  if (quoted) {
    const original = (current() || { transcript: [] }).transcript.find((e) => e.mid === quoted);
    nodes.push(h('div', { class: 'quote' }, `↪ ${original?.message?.text ?? 'a message'}`));
  }
  if (typeof message.text === 'string') nodes.push(h('div', { class: 'bubble' }, message.text));
  let attachments = attachmentsOf(message);
  if (message.sticker_id) attachments = attachments.slice(-1); // legacy image + sticker: one sticker on screen
  for (const attachment of attachments) nodes.push(attachmentNode(attachment, interactive));
  return nodes;
}

function reactionNode(entry) {
  const reactions = [entry.reactions.user, entry.reactions.page].filter(Boolean);
  return reactions.length === 0
    ? null
    : h('span', { class: 'reaction' }, reactions.map((r) => REACTION_EMOJI[r] || r).join(''));
}

// ---- panes -------------------------------------------------------------------------------------

function renderHeader() {
  const state = ui.state;
  document.body.className = `platform-${ui.platform}`;
  for (const button of document.querySelectorAll('[data-platform]')) {
    button.setAttribute('aria-pressed', String(button.dataset.platform === ui.platform));
  }
  $('clock-now').textContent = dateTime(state.now);
  $('clock-now').setAttribute('datetime', new Date(state.now).toISOString());
  $('clock-offset').textContent = state.offsetMs > 0 ? `+${duration(state.offsetMs)}` : '';
  const hook = $('webhook-status');
  hook.textContent = state.webhookUrl ? `bot: ${state.webhookUrl}` : 'bot: not subscribed';
  hook.title = hook.textContent;
  hook.classList.toggle('ok', Boolean(state.webhookUrl));

  const select = $('user-select');
  const conversation = current();
  const options = conversations().map((c) => [
    c.user.id,
    c.user.username ? `@${c.user.username}` : `${c.user.name} (${c.user.id})`,
  ]);
  const signature = JSON.stringify([options, conversation?.user.id]);
  if (select.dataset.signature === signature) return; // rebuilding would close an open dropdown
  select.dataset.signature = signature;
  select.replaceChildren(
    ...options.map(([id, label]) =>
      h('option', { value: id, selected: conversation?.user.id === id }, label),
    ),
  );
}

function renderPhone(conversation) {
  $('phone-account').textContent = conversation ? conversation.accountName : 'no account on this platform';
  $('phone-user').textContent = conversation ? conversation.user.username || conversation.user.name : '-';
  const transcript = $('phone-transcript');
  const chips = $('phone-chips');
  if (!conversation) {
    reconcile(transcript, [
      {
        key: 'no-account',
        sig: '',
        build: () => h('p', { class: 'empty' }, 'Configure an Instagram account on a page to try Instagram.'),
      },
    ]);
    chips.replaceChildren();
    return;
  }
  const offers = conversation.postbacks;
  const getStarted = offers.find((o) => o.source === 'get_started');
  const iceBreakers = offers.filter((o) => o.source === 'ice_breaker');
  const menu = offers.filter((o) => o.source === 'menu');
  const phoneEntry = (entry) => {
    const mine = entry.author === 'user';
    const react = !mine
      ? h(
          'button',
          {
            type: 'button',
            class: 'react-button',
            testid: 'react-button',
            title: entry.reactions.user ? 'Remove reaction' : 'React with love',
            onclick: () =>
              entry.reactions.user
                ? act(`/users/${conversation.user.id}/unreact`, { mid: entry.mid })
                : act(`/users/${conversation.user.id}/react`, { mid: entry.mid, reaction: 'love' }),
          },
          entry.reactions.user ? '↺' : '♡',
        )
      : null;
    return h(
      'div',
      {
        class: `msg ${mine ? 'mine' : 'theirs'} ${entry.author}`,
        testid: 'phone-message',
        'data-author': entry.author,
        'data-mid': entry.mid,
      },
      cachedContent('phone', entry, true),
      reactionNode(entry),
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'when' }, stamp(entry.at)),
        react,
        entry.noWebhook ? h('span', { class: 'no-webhook' }, `(${entry.noWebhook})`) : null,
      ),
    );
  };
  const items = transcriptItems(conversation, 'phone', phoneEntry);
  if (items.length === 0) {
    const empty = [h('p', { class: 'empty' }, `Say something to ${conversation.accountName}.`)];
    if (getStarted) {
      empty.push(
        h(
          'button',
          {
            type: 'button',
            testid: 'get-started',
            onclick: () => act(`/users/${conversation.user.id}/postback`, { payload: getStarted.payload }),
          },
          'Get Started',
        ),
      );
    }
    reconcile(transcript, [
      {
        key: `${conversation.id}:empty`,
        sig: JSON.stringify(getStarted || null),
        build: () => h('div', { class: 'empty' }, empty),
      },
    ]);
  } else {
    reconcile(transcript, items);
  }
  scrollIfGrown(transcript, 'phone', items.length);

  $('typing-indicator').hidden = !conversation.typing;
  const quickReplies = conversation.quickReplies.map((qr) =>
    h(
      'button',
      {
        type: 'button',
        testid: 'quick-reply',
        'data-payload': qr.payload,
        onclick: () => act(`/users/${conversation.user.id}/quick-reply`, { payload: qr.payload }),
      },
      qr.title || qr.contentType,
    ),
  );
  const breakers =
    conversation.transcript.length === 0
      ? iceBreakers.map((ib) =>
          h(
            'button',
            {
              type: 'button',
              testid: 'ice-breaker',
              onclick: () => act(`/users/${conversation.user.id}/postback`, { payload: ib.payload }),
            },
            ib.title,
          ),
        )
      : [];
  chips.replaceChildren(...quickReplies, ...breakers);

  const menuButton = $('menu-button');
  menuButton.hidden = menu.length === 0;
  const menuBox = $('menu');
  menuBox.hidden = !ui.menuOpen || menu.length === 0;
  menuBox.replaceChildren(
    ...menu.map((item) =>
      h(
        'button',
        {
          type: 'button',
          testid: 'menu-item',
          'data-payload': item.payload,
          onclick: () => {
            ui.menuOpen = false;
            act(`/users/${conversation.user.id}/postback`, { payload: item.payload });
          },
        },
        item.title,
      ),
    ),
  );
  markRead(conversation);
}

function renderInbox(conversation) {
  const instagram = ui.platform === 'instagram';
  $('inbox-title').textContent = instagram ? 'Instagram Inbox (human agent)' : 'Page Inbox (human agent)';
  const owner = $('inbox-owner');
  const windowBadge = $('inbox-window');
  const transcript = $('inbox-transcript');
  if (!conversation) {
    reconcile(transcript, []);
    owner.textContent = '-';
    windowBadge.textContent = '-';
    $('inbox-reply-note').hidden = true;
    return;
  }
  const now = ui.state.now;
  const expires = conversation.ownerExpiresAt
    ? ` (lapses in ${duration(conversation.ownerExpiresAt - now)})`
    : '';
  owner.className = `badge ${conversation.owner || ''}`;
  owner.textContent =
    conversation.owner === 'bot'
      ? `Bot owns the thread${expires}`
      : conversation.owner === 'inbox'
        ? `Inbox owns the thread${expires}`
        : 'Thread idle (bot is the default app)';
  const w = conversation.window;
  windowBadge.className = `badge ${w.state}`;
  windowBadge.textContent =
    w.state === 'open'
      ? `24-hour window open: ${duration(w.closesAt - now)} left`
      : w.state === 'human_agent'
        ? `24 h passed: HUMAN_AGENT only, ${duration(w.closesAt - now)} left`
        : conversation.lastUserMessageAt === null
          ? 'Window closed: the user has not written'
          : 'Window closed: more than 7 days since the user wrote';

  const inboxEntry = (entry) => {
    const viaApp = entry.author === 'bot' && byPersonThroughApp(entry);
    const who =
      entry.author === 'user'
        ? conversation.user.username || conversation.user.name
        : entry.author === 'agent'
          ? 'Agent'
          : viaApp
            ? "Agent (through the bot's app)"
            : 'Bot';
    const seen =
      entry.author !== 'user' && entry.readAt
        ? 'Seen'
        : entry.author !== 'user' && entry.deliveredAt
          ? 'Delivered'
          : null;
    return h(
      'div',
      {
        class: `msg ${entry.author}${viaApp ? ' via-app' : ''}`,
        testid: 'inbox-message',
        'data-author': entry.author,
        'data-sender': viaApp ? 'agent' : entry.author,
        'data-mid': entry.mid,
      },
      cachedContent('inbox', entry, false),
      reactionNode(entry),
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'who' }, who),
        h('span', { class: 'when' }, stamp(entry.at)),
        entry.tag && h('span', { class: 'tag' }, entry.tag),
        entry.personaId && h('span', {}, `persona ${entry.personaId}`),
        seen && h('span', {}, seen),
      ),
    );
  };
  const items = transcriptItems(conversation, 'inbox', inboxEntry);
  reconcile(
    transcript,
    items.length > 0
      ? items
      : [{ key: 'empty', sig: '', build: () => h('p', { class: 'empty' }, 'No messages yet.') }],
  );
  scrollIfGrown(transcript, 'inbox', items.length);
  $('inbox-take').disabled = conversation.owner === 'inbox';
  $('inbox-handback').disabled = conversation.owner !== 'inbox';
  // Not `disabled`: Enter and the button still answer, with the reason.
  const blocked = replyBlockedReason(conversation);
  const send = $('inbox-send');
  send.setAttribute('aria-disabled', String(Boolean(blocked)));
  send.classList.toggle('blocked', Boolean(blocked));
  const note = $('inbox-reply-note');
  note.hidden = !blocked;
  note.textContent = blocked || '';
  $('inbox-input').placeholder = blocked ? 'Reply disabled (see why above)' : 'Reply as a human agent';
}

function renderLog(conversation) {
  const only = $('log-this-conversation').checked;
  const entries = ui.state.log.filter(
    (e) => !only || !e.conversationId || (conversation && e.conversationId === conversation.id),
  );
  const label = { webhook: '→ bot', graph: '← bot', sandbox: 'note' };
  $('log').replaceChildren(
    ...entries
      .slice()
      .reverse()
      .map((entry) => {
        const details = h(
          'details',
          {
            open: ui.expanded.has(entry.id),
            ontoggle: (event) =>
              event.target.open ? ui.expanded.add(entry.id) : ui.expanded.delete(entry.id),
          },
          h(
            'summary',
            {},
            h('span', { class: 'when' }, new Date(entry.at).toLocaleTimeString()),
            h(
              'span',
              { class: `kind ${entry.kind}` },
              entry.kind === 'webhook' ? 'webhook' : entry.kind === 'graph' ? 'graph' : 'note',
              ' ',
              label[entry.kind] === 'note' ? '' : label[entry.kind],
            ),
            h('span', { class: 'what' }, entry.summary),
            h(
              'span',
              { class: `status ${entry.status >= 300 ? 'bad' : ''}` },
              entry.status === undefined ? '' : entry.status,
            ),
          ),
          h(
            'pre',
            { testid: 'log-payload' },
            entry.request !== undefined
              ? [h('b', {}, 'request '), JSON.stringify(entry.request, null, 2), '\n']
              : null,
            entry.response !== undefined
              ? [h('b', {}, 'response '), JSON.stringify(entry.response, null, 2)]
              : null,
          ),
        );
        return h(
          'li',
          { testid: 'log-entry', 'data-kind': entry.kind, 'data-status': entry.status },
          details,
        );
      }),
  );
}

function scrollIfGrown(el, key, count) {
  if (count !== ui.counts[key]) el.scrollTop = el.scrollHeight;
  ui.counts[key] = count;
}

/** The phone shows the chat: the user has read the Page's messages (one read per newest message). */
function markRead(conversation) {
  if (document.visibilityState !== 'visible') return;
  const unread = conversation.transcript.filter((e) => e.author !== 'user' && !e.readAt);
  const last = unread[unread.length - 1];
  if (!last || ui.readPending.has(last.mid) || !ui.state.webhookUrl) return;
  ui.readPending.add(last.mid);
  api(`/users/${conversation.user.id}/read`).catch(() => ui.readPending.delete(last.mid));
}

function render() {
  if (!ui.state) return;
  if (ui.content.size > 2000) ui.content.clear(); // bounded: rebuilt on demand
  const conversation = current();
  renderHeader();
  renderPhone(conversation);
  renderInbox(conversation);
  renderLog(conversation);
}

// ---- wiring ------------------------------------------------------------------------------------

for (const button of document.querySelectorAll('[data-platform]')) {
  button.addEventListener('click', () => {
    ui.platform = button.dataset.platform;
    ui.menuOpen = false;
    ui.counts = { phone: -1, inbox: -1 };
    render();
  });
}
for (const button of document.querySelectorAll('[data-advance]')) {
  button.addEventListener('click', () => act('/clock/advance', { ms: Number(button.dataset.advance) }));
}
$('user-select').addEventListener('change', (event) => {
  ui.selected[ui.platform] = event.target.value;
  ui.counts = { phone: -1, inbox: -1 };
  render();
});
$('user-new').addEventListener('click', async () => {
  const created = await act('/users', { platform: ui.platform });
  if (!created) return;
  ui.selected[ui.platform] = created.id;
  ui.counts = { phone: -1, inbox: -1 };
  await refreshState(); // show the new user now, not at the next change
});

/** Reads the whole state once (the event stream then keeps it current) and renders it. */
async function refreshState() {
  try {
    const response = await fetch('/sandbox/api/state');
    if (response.ok) ui.state = await response.json();
  } catch (error) {
    toast(`Could not read the sandbox state: ${error.message}`);
  }
  render();
}
$('log-this-conversation').addEventListener('change', render);
$('menu-button').addEventListener('click', () => {
  ui.menuOpen = !ui.menuOpen;
  render();
});

const withUser = (fn) => () => {
  const conversation = current();
  if (conversation) fn(conversation.user.id);
};
$('phone-composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('phone-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  withUser((id) => act(`/users/${id}/say`, { text }))();
});
$('phone-photo').addEventListener(
  'click',
  withUser((id) => act(`/users/${id}/image`)),
);
$('phone-sticker').addEventListener(
  'click',
  withUser((id) => act(`/users/${id}/sticker`)),
);
$('phone-story').addEventListener(
  'click',
  withUser((id) => act(`/users/${id}/story-mention`)),
);
$('inbox-take').addEventListener(
  'click',
  withUser((id) => act(`/inbox/${id}/take`)),
);
$('inbox-handback').addEventListener(
  'click',
  withUser((id) => act(`/inbox/${id}/hand-back`)),
);
$('inbox-composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const conversation = current();
  const blocked = conversation && replyBlockedReason(conversation);
  if (blocked) {
    toast(blocked);
    const note = $('inbox-reply-note');
    note.classList.remove('flash');
    void note.offsetWidth; // restart the animation
    note.classList.add('flash');
    return;
  }
  const input = $('inbox-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  withUser((id) => act(`/inbox/${id}/reply`, { text }))();
});
document.addEventListener('visibilitychange', render);

const events = new EventSource('/sandbox/api/events');
events.addEventListener('state', (event) => {
  ui.state = JSON.parse(event.data);
  render();
});

// ---- ads and comments: a panel of its own under the phone (kept apart from the rest of the page) ----

/** The panel under the phone: "arrive from an ad", "comment on the post", and the post's comments. */
function socialPanel() {
  let panel = $('social');
  if (!panel) {
    panel = h('div', { class: 'social', testid: 'social' });
    document.querySelector('.phone-pane').append(panel);
  }
  return panel;
}

async function renderSocial() {
  const conversation = current();
  const panel = socialPanel();
  if (!conversation) return panel.replaceChildren();
  const id = conversation.user.id;
  const text = () => $('phone-input').value.trim();
  const answer = await fetch('/sandbox/api/posts').then((r) => r.json()).catch(() => ({ posts: [] }));
  const post = answer.posts.find((p) => p.accountId === conversation.account.id);
  const comments = post ? post.comments : [];
  panel.replaceChildren(
    h(
      'div',
      { class: 'social-actions' },
      h('button', { type: 'button', testid: 'social-from-ad', onclick: () => act(`/users/${id}/from-ad`, text() ? { text: text() } : {}) }, 'Arrive from an ad'),
      h('button', { type: 'button', testid: 'social-comment', onclick: () => act(`/users/${id}/comment`, { text: text() || 'How much is this?' }) }, 'Comment on the post'),
    ),
    h(
      'ul',
      { class: 'social-comments', testid: 'social-comments' },
      comments.map((c) =>
        h(
          'li',
          {},
          h('b', {}, c.author), ' ', c.text,
          c.privateReply ? h('span', { class: 'badge' }, 'answered privately') : null,
          c.replies.map((reply) => h('div', { class: 'social-reply' }, `Page: ${reply}`)),
        ),
      ),
    ),
  );
}

events.addEventListener('state', () => {
  renderSocial();
});
