import type { Problem } from '../schema';
import { short } from '../validate';

/** Repeated ids a warning names at most; the rest are counted. */
const IDS_SHOWN = 3;
/** Ids given instead of one repeated id that a warning names at most. */
const GIVEN_SHOWN = 2;

const quoted = (id: string) => short(JSON.stringify(id));

/**
 * The ids a file gives more than one feature, each with the ids the features after the
 * first were given instead (see `FileContext.featureId`), for one warning naming them all:
 * a repeat would otherwise pass unseen, the feature found under an id its file never gave.
 */
export class RepeatedIds {
  private readonly given = new Map<string, string[]>();

  /** Notes that a feature whose own id `own` was taken already was given `id` instead. */
  note(own: string, id: string): void {
    const ids = this.given.get(own);
    if (!ids) this.given.set(own, [id]);
    // `keptId` falling back on `featureId` may note the same feature twice.
    else if (ids[ids.length - 1] !== id) ids.push(id);
  }

  /** The warning naming the repeated ids and what they became, or undefined when none repeats. */
  problem(file: string): Problem | undefined {
    if (this.given.size === 0) return undefined;
    const parts = [...this.given].slice(0, IDS_SHOWN).map(([own, ids]) => {
      const shown = ids.slice(0, GIVEN_SHOWN).map(quoted);
      if (ids.length > GIVEN_SHOWN) shown.push(`${ids.length - GIVEN_SHOWN} more`);
      const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
      return `${ids.length + 1} features have the id ${quoted(own)} (${ids.length === 1 ? 'the second is' : 'the others are'} given ${list})`;
    });
    const more = this.given.size - IDS_SHOWN;
    if (more > 0) parts.push(`${more} more id${more === 1 ? ' repeats' : 's repeat'}`);
    return { file, severity: 'warning', message: parts.join('; ') };
  }
}
