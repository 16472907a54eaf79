/**
 * The Graph API versions the sandbox accepts, as Meta does (messenger-platform.md, "2026 additions",
 * topic 10): every released version up to the newest, v27.0 (2026-11-04). A retired version is
 * still answered (Meta serves it as the oldest usable one, v21.0 until 2027-01-21); a version that
 * does not exist yet, or a path segment that is no version, is an unknown path (2500).
 *
 * @module
 */
import { graphErrors } from './graphErrors';

/** The newest Graph API version (major number). */
export const NEWEST_GRAPH_VERSION = 27;

/** The oldest version Meta still supports; older ones are served as this one. */
export const OLDEST_SUPPORTED_GRAPH_VERSION = 21;

/**
 * Throws Meta's unknown-path error unless `version` is a released Graph version (`v2.0` to `v27.0`).
 *
 * @param path the request path, for the error message.
 */
export function checkGraphVersion(version: string, path: string): void {
  const match = /^v(\d+)\.(\d+)$/.exec(version);
  const major = match ? Number(match[1]) : Number.NaN;
  if (!match || major < 2 || major > NEWEST_GRAPH_VERSION || (major >= 3 && match[2] !== '0')) {
    throw graphErrors.unknownPath(path);
  }
}
