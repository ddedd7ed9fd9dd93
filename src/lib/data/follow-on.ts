/**
 * Problems that only follow from another's (a reference to an item left out, or into a file
 * that could not be read), told apart by their wording: a module of its own, so that the
 * page's main bundle, which formats problems, does not carry what only the problems note
 * and the validator ask.
 */
import type { Problem } from './schema';

/** How a reference to an item left out ends: what `followsFromAnother` looks for. */
export const LEFT_OUT = ', which is left out for a problem of its own';
/** How a reference into a file that could not be read ends. */
export const UNREAD = ', which could not be read';

/** True for a problem that only follows from another's: a reference to an item that was left out, or into a file that could not be read. */
export function followsFromAnother(p: Problem): boolean {
  return p.message.endsWith(LEFT_OUT) || p.message.endsWith(UNREAD);
}

/** The errors with a cause of their own first, then those that follow from them (a missing catalogue above the citations it leaves unknown). */
export function causesFirst(errors: readonly Problem[]): Problem[] {
  return [...errors.filter((p) => !followsFromAnother(p)), ...errors.filter(followsFromAnother)];
}
