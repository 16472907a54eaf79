/**
 * Work the core starts for a webhook turn before the shell makes its `TurnContext`, and that the turn
 * must have before any middleware sees the activity: today the person's name (`from.name`). The policy
 * chain, the first middleware of both shells, waits for it together with the policies' own turn-start
 * store commands, so that on an auto-pipelined Redis connection they share one round trip instead of
 * taking one each, one after the other.
 *
 * @module
 */
import type { TurnActivity, TurnStateHolder } from './turnContext';

/** What the core started for one turn (see the module comment). */
export interface TurnPrelude {
  /** Settles when the work is done. Never rejects: the work fails open (a name is left out). */
  readonly settled: Promise<void>;
  /** Writes what the work found into the turn's activity (the framework's own, which may be a copy). */
  applyTo(activity: TurnActivity): void;
}

/** turnState key of a turn's {@link TurnPrelude} (set by the shells, read by the policy chain). */
export const TurnPreludeKey: unique symbol = Symbol('botbuilder-adapter-messenger.turnPrelude');

/** Puts `prelude` in the turn state of `context`, when there is one. */
export function setTurnPrelude(context: TurnStateHolder, prelude: TurnPrelude | undefined): void {
  if (prelude !== undefined) context.turnState.set(TurnPreludeKey, prelude);
}

/** The {@link TurnPrelude} of the turn of `context`, if the core started one. */
export function getTurnPrelude(context: TurnStateHolder): TurnPrelude | undefined {
  return context.turnState.get(TurnPreludeKey) as TurnPrelude | undefined;
}
