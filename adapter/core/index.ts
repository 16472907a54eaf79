/**
 * The framework-neutral core both adapter shells stand on. Public here: how the package's policies
 * are told apart and ordered.
 *
 * @module
 */
export {
  isPolicyMiddleware,
  POLICY_ORDER,
  type PolicyKind,
  type PolicyMiddleware,
} from './policyChain';
