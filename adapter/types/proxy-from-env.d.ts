/** Types for `proxy-from-env` (axios's own proxy lookup; the package ships none). */
declare module 'proxy-from-env' {
  /** The proxy URL the environment (`HTTPS_PROXY`, `NO_PROXY`, ...) sets for `url`, or `''`. */
  export function getProxyForUrl(url: string | URL): string;
}
