import { isolated } from './isolate';
import type { Problem } from './schema';

/** One line per problem: `file › feature › field: message`, each part kept from changing how the others read (see `isolated`). */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.feature, p.field].filter(Boolean).map((part) => isolated(part as string)).join(' › ');
  return `${p.severity === 'error' ? 'error' : 'warning'}: ${where}: ${isolated(p.message)}`;
}

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
