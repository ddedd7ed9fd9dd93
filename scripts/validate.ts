/**
 * Checks everything in geodata/: schema, citations, URLs, unique ids, originators, countries
 * (Natural Earth with Turf) and RFC 7946, then prints the editorial report per layer (claims
 * on one originator, unarchived sources, syndicated copies without an originator, radii over
 * 5 km). Exits 1 when any error is found; warnings and the report do not fail.
 * Usage: npm run validate [-- geodata-dir]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateGeodata } from './lib/validate-geodata';
import { formatProblem } from '../src/lib/data/problems';
import { causesFirst, followsFromAnother } from '../src/lib/data/follow-on';
import { formatReport } from '../src/lib/data/report';

const dir = process.argv[2] ?? 'geodata';
const { problems, featureCount, sourceCount, report } = await validateGeodata((name) => readFile(join(dir, name), 'utf8'));
const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warning');
console.log(formatReport(report));
console.log('');
for (const p of warnings) console.log(formatProblem(p));
// The problems with a cause of their own first: a missing catalogue above the hundreds of citations that follow from it.
for (const p of causesFirst(errors)) console.error(formatProblem(p));
const following = errors.filter(followsFromAnother).length;
console.log(`${dir}: ${featureCount} features, ${sourceCount} sources, ${errors.length} errors${following ? ` (${following} of them following from the others)` : ''}, ${warnings.length} warnings`);
process.exit(errors.length > 0 ? 1 : 0);
