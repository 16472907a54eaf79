/**
 * Removal of secrets from text the client puts into errors (Graph messages, network error messages).
 *
 * @module
 */

/** Meta access tokens start with `EAA` followed by a long base62 run. */
const META_TOKEN_PATTERN = /EAA[A-Za-z0-9]{16,}/g;
/** `access_token=...` / `appsecret_proof=...` in a URL or form text. */
const SECRET_PARAM_PATTERN = /\b(access_token|appsecret_proof|client_secret)=[^&\s"']+/gi;

/** The longest Graph or network message kept in an error, in characters. */
export const MAX_QUOTED_MESSAGE_LENGTH = 300;

/**
 * Returns `text` with every given secret, every Meta-looking access token and every
 * `access_token=` / `appsecret_proof=` parameter replaced by `[redacted]`, cut to
 * {@link MAX_QUOTED_MESSAGE_LENGTH} characters.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  result = result.replace(META_TOKEN_PATTERN, '[redacted]').replace(SECRET_PARAM_PATTERN, '$1=[redacted]');
  return result.length > MAX_QUOTED_MESSAGE_LENGTH
    ? `${result.slice(0, MAX_QUOTED_MESSAGE_LENGTH - 1)}…`
    : result;
}
