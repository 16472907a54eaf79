/** Small builders for realistic webhook envelopes (snake_case, string ids, ms timestamps). */

export const PAGE_ID = '370873143344730';
export const PAGE_ID_2 = '404217156637689';
export const IG_ACCOUNT_ID = '17841405822304914';
export const USER_ID = '6780462125377510';
export const USER_ID_2 = '1423587017700273';
export const IG_USER_ID = '1254459154682919';
export const T0 = 1_701_427_704_837;

let counter = 0;

/** A unique, realistic-looking message id. */
export function mid(prefix = 'm_'): string {
  counter++;
  return `${prefix}EYIjld_07gZyN02MY6vztOXzGkvslWQkbqadVHtQ${counter}-MRw2PakktSufK_6Pz_0PTnbOC72fWaxZLT`;
}

/** A user text message event. */
export function textEvent(
  text: string,
  options: { userId?: string; pageId?: string; timestamp?: number; mid?: string } = {},
): Record<string, unknown> {
  const pageId = options.pageId ?? PAGE_ID;
  return {
    sender: { id: options.userId ?? USER_ID },
    recipient: { id: pageId },
    timestamp: options.timestamp ?? T0,
    message: { mid: options.mid ?? mid(), text },
  };
}

/** An envelope with one entry per account, each with the given messaging events. */
export function envelope(
  entries: Array<{ id?: string; messaging?: unknown[]; standby?: unknown[]; changes?: unknown[] }>,
  object: 'page' | 'instagram' = 'page',
): Record<string, unknown> {
  return {
    object,
    entry: entries.map(({ id, ...lists }) => ({ id: id ?? PAGE_ID, time: T0, ...lists })),
  };
}
