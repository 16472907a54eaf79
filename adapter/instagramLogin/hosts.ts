/**
 * The two Graph hosts of one client: graph.facebook.com (Page tokens, `appsecret_proof`) and, for
 * Instagram-Login accounts, graph.instagram.com (the account's Instagram user token as
 * `Authorization: Bearer`, no `appsecret_proof` unless asked). Each call goes to its account's host.
 *
 * @module
 */
import type { GraphCall, GraphResponse } from '../graph/graphTransport';
import { GraphTransport } from '../graph/graphTransport';
import type { ResolvedGraphClientOptions } from '../graph/options';
import { instagramLoginLimitation } from './limitations';
import { LoginAccounts } from './loginAccounts';
import { instagramGraphApiUrl } from './options';
import { copyWith } from '../copyWith';

/** The platform query the Messenger Profile wants for Instagram accounts. */
const PROFILE_EDGE = /\/messenger_profile$/;

/** Routes each Graph call to the host (and token) of its account. */
export class GraphHosts {
  readonly #facebook: GraphTransport;
  readonly #instagram: GraphTransport | undefined;
  /** Which accounts use Instagram Login; `undefined` when Instagram Login is not configured. */
  readonly logins: LoginAccounts | undefined;

  constructor(options: ResolvedGraphClientOptions) {
    this.#facebook = new GraphTransport(options);
    const ig = options.instagramLogin;
    if (ig === undefined) return;
    this.#instagram = new GraphTransport(
      copyWith(options, {
      appSecret: ig.appSecret,
      accessToken: ig.accessToken,
      getAccessToken: ig.getAccessToken,
      graphApiUrl: instagramGraphApiUrl(ig),
      appSecretProof: ig.appSecretProof ?? false,
      instagramLogin: undefined,
      }),
    );
    this.logins = new LoginAccounts({
      accounts: ig.accounts,
      isInstagramLoginAccount: ig.isInstagramLoginAccount,
      onlyInstagramLogin: options.accessToken === undefined && options.getAccessToken === undefined,
      store: options.store,
    });
  }

  /** Makes `call` on its account's host. */
  request<T>(call: GraphCall<T>): Promise<GraphResponse<T>> {
    const instagram = this.#instagram;
    const logins = this.logins;
    if (instagram === undefined || logins === undefined) return this.#facebook.request(call);
    return this.#routed(call, instagram, logins);
  }

  /** Closes both hosts' connections. */
  close(): void {
    this.#facebook.close();
    this.#instagram?.close();
  }

  async #routed<T>(call: GraphCall<T>, instagram: GraphTransport, logins: LoginAccounts): Promise<GraphResponse<T>> {
    if (typeof call.accountId !== 'string' || !(await logins.isInstagramLogin(call.accountId))) {
      return this.#facebook.request(call);
    }
    const limitation = instagramLoginLimitation(call.path, call.accountId);
    if (limitation !== undefined) throw limitation;
    if (PROFILE_EDGE.test(call.path) && call.query?.platform === undefined) {
      return instagram.request(copyWith(call, { query: copyWith(call.query ?? {}, { platform: 'instagram' }) }));
    }
    return instagram.request(call);
  }
}
