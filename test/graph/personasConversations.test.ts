import { expect } from 'chai';
import nock from 'nock';
import { findConversation, readConversationMessages } from '../../adapter/graph/conversations';
import { createPersona, deletePersona, listPersonas } from '../../adapter/graph/personas';
import { DEFAULT_GRAPH_API_VERSION as V } from '../../adapter/platform';
import { GRAPH, IGSID, PAGE_ID, PAGE_PROOF, PSID, useClient } from './helpers';

describe('Graph: Personas and Conversations APIs', () => {
  const clientOf = useClient();

  it('creates, lists and deletes personas', async () => {
    const scope = nock(GRAPH)
      .post(`/${V}/me/personas`, { name: 'Ana (Support)', profile_picture_url: 'https://shop.example/ana.png' })
      .query(true)
      .reply(200, { id: '1051234567890123' })
      .get(`/${V}/me/personas`)
      .query(true)
      .reply(200, {
        data: [{ id: '1051234567890123', name: 'Ana (Support)', profile_picture_url: 'https://shop.example/ana.png' }],
      })
      .delete(`/${V}/1051234567890123`)
      .query(true)
      .reply(200, { success: true });
    expect(
      await createPersona(clientOf(), PAGE_ID, { name: 'Ana (Support)', profilePictureUrl: 'https://shop.example/ana.png' }),
    ).to.deep.equal({ id: '1051234567890123' });
    expect((await listPersonas(clientOf(), PAGE_ID)).map((p) => p.name)).to.deep.equal(['Ana (Support)']);
    await deletePersona(clientOf(), PAGE_ID, '1051234567890123');
    scope.done();
  });

  it('finds a thread (platform=instagram on Instagram) and reads a page of its messages', async () => {
    const scope = nock(GRAPH)
      .get(`/${V}/me/conversations`)
      .query({ user_id: PSID, appsecret_proof: PAGE_PROOF })
      .reply(200, { data: [{ id: 't_10224512345678901' }] })
      .get(`/${V}/me/conversations`)
      .query({ user_id: IGSID, platform: 'instagram', appsecret_proof: PAGE_PROOF })
      .reply(200, { data: [] })
      .get(`/${V}/t_10224512345678901/messages`)
      .query({ fields: 'id,created_time,from,to,message', limit: '2', appsecret_proof: PAGE_PROOF })
      .reply(200, {
        data: [
          {
            id: 'm_2',
            created_time: '2026-11-30T10:00:01+0000',
            from: { id: PAGE_ID, name: 'Shop' },
            to: { data: [{ id: PSID, name: 'Anna Schmidt' }] },
            message: 'It shipped.',
          },
          { id: 'm_1', created_time: '2026-11-30T09:59:00+0000', from: { id: PSID, name: 'Anna Schmidt' }, message: 'Where is it?' },
        ],
        paging: { cursors: { before: 'QVFIUa', after: 'QVFIUb' }, next: 'https://graph.facebook.com/...' },
      });
    expect(await findConversation(clientOf(), PAGE_ID, PSID)).to.equal('t_10224512345678901');
    expect(await findConversation(clientOf(), PAGE_ID, IGSID, 'instagram')).to.equal(undefined);
    const page = await readConversationMessages(clientOf(), PAGE_ID, 't_10224512345678901', { limit: 2 });
    expect(page.messages.map((m) => m.message)).to.deep.equal(['It shipped.', 'Where is it?']);
    expect(page.after).to.equal('QVFIUb');
    scope.done();
  });
});
