import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import {
  cloneLibraryTemplate,
  createMessageTemplate,
  getTemplateStatus,
  listMessageTemplates,
  searchTemplateLibrary,
} from '../../adapter/graph/templates';
import { DEFAULT_GRAPH_API_VERSION as V } from '../../adapter/platform';
import { GRAPH, PAGE_ID, PAGE_PROOF, useClient } from './helpers';

describe('Graph: utility message templates', () => {
  const clientOf = useClient();

  it('searches the library with name_or_content and language', async () => {
    const scope = nock(GRAPH)
      .get(`/${V}/message_template_library`)
      .query({ name_or_content: 'order', language: 'en', appsecret_proof: PAGE_PROOF })
      .reply(200, {
        data: [
          {
            name: 'order_confirmation_1',
            language: 'en',
            category: 'UTILITY',
            topic: 'ORDER_MANAGEMENT',
            usecase: 'ORDER_CONFIRMATION',
            industry: ['E_COMMERCE'],
            body: 'Your order {{1}} is confirmed.',
            body_params: ['order number'],
            body_param_types: ['TEXT'],
            buttons: [{ type: 'URL', text: 'Manage order' }],
            id: '7125430210879361',
          },
        ],
      });
    const found = await searchTemplateLibrary(clientOf(), PAGE_ID, { nameOrContent: 'order', language: 'en' });
    scope.done();
    expect(found.map((t) => [t.id, t.name])).to.deep.equal([['7125430210879361', 'order_confirmation_1']]);
  });

  it('clones a library template into the Page with Meta’s exact body', async () => {
    const body = {
      name: 'my_order_conf',
      category: 'UTILITY',
      language: 'en_US',
      library_template_name: 'order_confirmation_1',
      library_template_button_inputs: [
        { type: 'URL', text: 'Manage order', url: { base_url: 'https://shop.example/' } },
      ],
    };
    const scope = nock(GRAPH)
      .post(`/${V}/me/message_templates`, body)
      .query(true)
      .reply(200, { id: '1022786935479235', status: 'APPROVED', category: 'UTILITY' });
    const created = await cloneLibraryTemplate(clientOf(), PAGE_ID, {
      name: 'my_order_conf',
      language: 'en_US',
      libraryTemplateName: 'order_confirmation_1',
      buttonInputs: [{ type: 'URL', text: 'Manage order', url: { base_url: 'https://shop.example/' } }],
    });
    scope.done();
    expect(created).to.deep.equal({ id: '1022786935479235', status: 'APPROVED', category: 'UTILITY' });
  });

  it('creates a named template, lists it and reads its status', async () => {
    const components = [
      {
        type: 'BODY',
        text: 'Order #{{order_id}} shipped',
        example: { body_text_named_params: [{ param_name: 'order_id', example: '566701' }] },
      },
    ];
    const scope = nock(GRAPH)
      .post(`/${V}/me/message_templates`, {
        name: 'order_update',
        language: 'en',
        category: 'UTILITY',
        parameter_format: 'NAMED',
        components,
      })
      .query(true)
      .reply(200, { id: '1022786935479236', status: 'PENDING', category: 'UTILITY' })
      .get(`/${V}/me/message_templates`)
      .query({ name: 'order_update', appsecret_proof: PAGE_PROOF })
      .times(2)
      .reply(200, {
        data: [{ id: '1022786935479236', name: 'order_update', language: 'en', status: 'APPROVED', category: 'UTILITY' }],
      });
    const created = await createMessageTemplate(clientOf(), PAGE_ID, {
      name: 'order_update',
      language: 'en',
      parameterFormat: 'NAMED',
      components,
    });
    expect(created.status).to.equal('PENDING');
    expect((await listMessageTemplates(clientOf(), PAGE_ID, { name: 'order_update' }))[0]?.status).to.equal('APPROVED');
    expect(await getTemplateStatus(clientOf(), PAGE_ID, 'order_update', 'en')).to.equal('APPROVED');
    scope.done();
  });

  it('refuses a malformed name before any call', async () => {
    const error = await createMessageTemplate(clientOf(), PAGE_ID, {
      name: 'Order Update',
      language: 'en',
      components: [{ type: 'BODY', text: 'x' }],
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'CONFIG_INVALID');
  });
});
