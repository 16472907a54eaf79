/**
 * The Personas API (Messenger): a persona shows a name and picture of its own on the Page's
 * messages, e.g. one per human agent. Send with `channelData.persona_id`.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';
import type { GraphClient } from './graphClient';
import { checkId, invalid } from './inputs';
import { successResponseSchema } from './schemas';

const graphId = z.union([z.string().min(1), z.number()]).transform(String);

const personaSchema = z.looseObject({
  id: graphId,
  name: z.string(),
  profile_picture_url: z.string().optional(),
});

/** A persona of the Page. */
export type Persona = z.infer<typeof personaSchema>;

/**
 * Creates a persona (`POST /me/personas`).
 *
 * @returns its id, for `channelData.persona_id`.
 *
 * @example
 * ```ts
 * const { id } = await createPersona(adapter.graph, pageId, { name: 'Ana (Support)', profilePictureUrl: 'https://shop.example/ana.png' });
 * await context.sendActivity({ text: 'Hi, Ana here.', channelData: { persona_id: id, humanAgent: true } });
 * ```
 */
export async function createPersona(
  graph: GraphClient,
  accountId: string,
  persona: { name: string; profilePictureUrl: string },
): Promise<{ id: string }> {
  if (typeof persona.name !== 'string' || persona.name.trim() === '') throw invalid('createPersona needs a name.');
  if (typeof persona.profilePictureUrl !== 'string' || !/^https:\/\/\S+$/.test(persona.profilePictureUrl)) {
    throw invalid('createPersona needs profilePictureUrl: an https URL of the picture Meta fetches.');
  }
  const { data } = await graph.raw(accountId, 'POST', '/me/personas', {
    body: { name: persona.name, profile_picture_url: persona.profilePictureUrl },
    schema: z.object({ id: graphId }),
  });
  return { id: data.id };
}

/** The Page's personas (`GET /me/personas`, first page). */
export async function listPersonas(graph: GraphClient, accountId: string): Promise<Persona[]> {
  const { data } = await graph.raw(accountId, 'GET', '/me/personas', {
    schema: z.object({ data: z.array(personaSchema), paging: z.looseObject({}).optional() }),
  });
  return data.data;
}

/** Deletes a persona (`DELETE /{persona-id}`). */
export async function deletePersona(graph: GraphClient, accountId: string, personaId: string): Promise<void> {
  checkId('personaId', personaId);
  const { data } = await graph.raw(accountId, 'DELETE', `/${personaId}`, { schema: successResponseSchema });
  if (!('success' in data) || !data.success) {
    throw new MessengerError('GRAPH_ERROR', `Meta did not confirm deleting persona ${personaId}. Try again later.`, {
      details: { personaId },
    });
  }
}
