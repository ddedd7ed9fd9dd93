import type { Problem } from './schema';

/** One line per problem: `file › feature › field: message`. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.feature, p.field].filter(Boolean).join(' › ');
  return `${p.severity === 'error' ? 'error' : 'warning'}: ${where}: ${p.message}`;
}
