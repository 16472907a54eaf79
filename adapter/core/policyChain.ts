/**
 * The package's four policies (handover, attachments, messaging window, rate limit) as one middleware
 * that both adapter shells install first. It runs the installed policies in the one order the package
 * defines, whatever order they were given in, and holds at most one of each kind: a policy given with
 * `adapter.use()` replaces the default of its kind instead of running twice.
 *
 * The core knows policies only by their `policyKind`: adapter/ never imports middleware/. The
 * entry points supply the default instances.
 *
 * @module
 */
import type { MessengerMiddleware, MessengerTurnContext } from '../turnContext';
import { getTurnPrelude, type TurnPrelude } from '../turnPrelude';

/** The kind of one of the package's policy middleware. */
export type PolicyKind = 'handover' | 'attachments' | 'window' | 'rateLimit';

/**
 * The order the policies run in. Handover first, so that messages held for a person are never
 * checked, queued or paced; attachments before the window, so the window judges what really goes
 * out; rate limiting last, so refused messages spend no budget.
 */
export const POLICY_ORDER: readonly PolicyKind[] = ['handover', 'attachments', 'window', 'rateLimit'];

/** One of the package's policy middleware: a middleware that names its {@link PolicyKind}. */
export interface PolicyMiddleware extends MessengerMiddleware {
  /** Which policy this is; one of each kind runs per adapter. */
  readonly policyKind: PolicyKind;
  /**
   * Optional. Starts the store work of this policy's turn start that does not depend on what the
   * policies before it do (the handover's read of the thread owner, the messaging window's record of
   * the user's interaction), and keeps the outcome in the turn state for its `onTurn`. The chain calls
   * it for every installed policy in the same tick, before any `onTurn`, so that the store commands of
   * all of them leave together: one round trip on an auto-pipelined Redis connection instead of one
   * per policy. The chain then waits for all of it: a failure fails the turn before any policy runs
   * (the first failure in policy order), as a failed read of the first policy did.
   */
  startTurn?(context: MessengerTurnContext): Promise<void> | undefined;
}

/** True for one of the package's policy middleware (something with a known `policyKind`). */
export function isPolicyMiddleware(value: unknown): value is PolicyMiddleware {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { policyKind?: unknown }).policyKind;
  return typeof kind === 'string' && (POLICY_ORDER as readonly string[]).includes(kind);
}

/** Makes the default policies of a new adapter (the entry points give the package's four). */
export type DefaultPolicies = () => readonly PolicyMiddleware[];

/** No default policies: what the shells use unless an entry point gives the package's four. */
export const NO_DEFAULT_POLICIES: DefaultPolicies = () => [];

/** The installed policies of one adapter, run as one middleware in {@link POLICY_ORDER}. */
export class PolicyChain implements MessengerMiddleware {
  private readonly slots = new Map<PolicyKind, PolicyMiddleware>();
  private ordered: PolicyMiddleware[] = [];

  /** @param defaults The policies to start with (one per kind; a later one of a kind wins). */
  constructor(defaults: readonly PolicyMiddleware[] = []) {
    for (const policy of defaults) this.install(policy);
  }

  /** Installs `policy`, replacing the one of its kind (the default, or one given earlier). */
  install(policy: PolicyMiddleware): void {
    this.slots.set(policy.policyKind, policy);
    this.ordered = POLICY_ORDER.flatMap((kind) => {
      const installed = this.slots.get(kind);
      return installed ? [installed] : [];
    });
  }

  /** The installed policies, in the order they run. */
  get policies(): readonly PolicyMiddleware[] {
    return this.ordered;
  }

  /**
   * Runs the installed policies in order around the rest of the turn, after the turn-start work they
   * start together ({@link PolicyMiddleware.startTurn}) and the core's work for the turn (its
   * {@link TurnPrelude}: the person's name, written into the activity before any middleware sees it).
   */
  onTurn(context: MessengerTurnContext, next: () => Promise<void>): Promise<void> {
    const policies = this.ordered;
    const run = (index: number): Promise<void> => {
      const policy = policies[index];
      return policy ? policy.onTurn(context, () => run(index + 1)) : next();
    };
    const prelude = getTurnPrelude(context);
    const started = startTurns(policies, context, prelude);
    if (started === undefined) return run(0);
    return started.then(() => {
      prelude?.applyTo(context.activity);
      return run(0);
    });
  }
}

/**
 * Calls every policy's `startTurn` in one tick, in the tick `prelude` (started by the core) is waited
 * for; resolves when all of it has settled, rejecting with the first failure in policy order (the
 * others are the same outage seen by another policy, as with any reads made in parallel; the prelude
 * never fails). `undefined` when nothing was started.
 */
function startTurns(
  policies: readonly PolicyMiddleware[],
  context: MessengerTurnContext,
  prelude: TurnPrelude | undefined,
): Promise<void> | undefined {
  let started: Promise<void>[] | undefined = prelude === undefined ? undefined : [prelude.settled];
  for (const policy of policies) {
    if (policy.startTurn === undefined) continue;
    let work: Promise<void> | undefined;
    try {
      work = policy.startTurn(context);
    } catch (error) {
      work = Promise.reject(error);
    }
    if (work !== undefined) (started ??= []).push(work);
  }
  if (started === undefined) return undefined;
  return Promise.allSettled(started).then((outcomes) => {
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  });
}

/**
 * What both shells' `use()` does: each policy goes to `chain` (replacing the one of its kind), any
 * other middleware to `useOther`, in the order given, after the policies.
 */
export function routeMiddleware<T>(chain: PolicyChain, middlewares: readonly T[], useOther: (middleware: T) => void): void {
  for (const middleware of middlewares) {
    if (isPolicyMiddleware(middleware)) chain.install(middleware);
    else useOther(middleware);
  }
}

/** The chain a new adapter starts with: `defaults()` unless the options say `defaultMiddleware: false`. */
export function initialPolicyChain(options: { defaultMiddleware?: boolean }, defaults: DefaultPolicies): PolicyChain {
  return new PolicyChain(options.defaultMiddleware === false ? [] : defaults());
}
