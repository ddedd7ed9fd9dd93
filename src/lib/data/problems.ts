import { isolated } from './isolate';
import type { Problem } from './schema';

/** One line per problem: `file › feature › field: message`, each part kept from changing how the others read (see `isolated`). */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.feature, p.field].filter(Boolean).map((part) => isolated(part as string)).join(' › ');
  return `${p.severity === 'error' ? 'error' : 'warning'}: ${where}: ${isolated(p.message)}`;
}

