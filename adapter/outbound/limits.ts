/**
 * Send API limits the outbound mapping keeps to (Meta's Messenger Platform and Instagram Messaging
 * references). Lengths are counted in UTF-16 code units (JavaScript `string.length`), which is never
 * less than the number of characters Meta counts, except {@link INSTAGRAM_TEXT_MAX_BYTES}.
 *
 * @module
 */

/** Messenger `message.text`: "less than 2000 characters". */
export const MESSENGER_TEXT_MAX_CHARS = 1999;

/** Instagram `message.text`: "1000 bytes or less" of UTF-8. */
export const INSTAGRAM_TEXT_MAX_BYTES = 1000;

/** Quick replies per message. */
export const QUICK_REPLIES_MAX = 13;

/** Quick reply title (Meta truncates after 20 characters; we truncate first, with care). */
export const QUICK_REPLY_TITLE_MAX = 20;

/** Button title. */
export const BUTTON_TITLE_MAX = 20;

/** Buttons per generic template element and per button template. */
export const BUTTONS_MAX = 3;

/** Button template `text`. */
export const BUTTON_TEMPLATE_TEXT_MAX = 640;

/** Generic template element `title` and `subtitle`. */
export const ELEMENT_TITLE_MAX = 80;

/** Generic template elements per message. */
export const ELEMENTS_MAX = 10;

/** Receipt template elements per message. */
export const RECEIPT_ELEMENTS_MAX = 100;

/** Postback and quick reply `payload`. */
export const PAYLOAD_MAX = 1000;

/** `message.metadata`: "less than 1000 characters". */
export const METADATA_MAX = 999;
