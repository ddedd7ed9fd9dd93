import { grouped } from './grouped';
import { PARTY_SOURCE_TYPES } from './schema-constants';
import type { Claim, Originator, Source, SourceType } from './schema';

/** Claims about one quantity, in the order they were made. */
export interface ClaimGroup {
  topic: string;
  claims: Claim[];
  /** The most recent figure given by an official body, if any (a group of statements without figures has none, nor one whose latest day has official figures that differ). */
  latestOfficial?: Claim;
  /** True when no one value fits every figure of the group (2 and 0–3 fit together; 84 and 95 do not), or a claim is marked disputed. */
  contested: boolean;
}

function figureKey(c: Claim): string | undefined {
  return c.value === undefined ? undefined : `${c.qualifier ?? ''}${c.value}-${c.valueMax ?? c.value} ${c.unit ?? ''}`;
}

/** The values a figure allows, as a closed range (an open end is infinite; "about" is taken at its word's value). */
function allowedRange(c: Claim & { value: number }): [number, number] {
  const hi = c.valueMax ?? c.value;
  if (c.qualifier === 'at-least') return [c.value, Infinity];
  // "More than 84" leaves out 84 itself; counts are whole, so the next whole number is the least it allows.
  if (c.qualifier === 'more-than') return [Math.floor(c.value) + 1, Infinity];
  if (c.qualifier === 'up-to') return [-Infinity, hi];
  return [c.value, hi];
}

/**
 * True when the figures leave no value every one of them allows: one source's best
 * estimate of 2 deaths and its range of 0–3 agree; 84 and 95 do not, nor figures in two units.
 */
function figuresDiffer(claims: readonly Claim[]): boolean {
  const figures = claims.filter((c): c is Claim & { value: number } => c.value !== undefined);
  if (new Set(figures.map((c) => c.unit ?? '')).size > 1) return true;
  let lo = -Infinity;
  let hi = Infinity;
  for (const c of figures) {
    const [a, b] = allowedRange(c);
    lo = Math.max(lo, a);
    hi = Math.min(hi, b);
  }
  return lo > hi;
}

/** Groups claims by topic, keeping the topics in first-seen order and each group by date. */
export function groupClaims(claims: readonly Claim[]): ClaimGroup[] {
  const byTopic = new Map<string, Claim[]>();
  for (const c of claims) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c]);
  return [...byTopic].map(([topic, list]) => {
    const ordered = [...list].sort((a, b) => a.date.localeCompare(b.date));
    // Only figures: a statement is not a figure, and headlining an official body's latest statement (a disputed blame, say) would take a side.
    const officials = ordered.filter((c) => c.official && c.value !== undefined);
    // The latest day's official figures still standing: one is headlined only when they agree,
    // as the sources may not say which of two figures given the same day came last.
    const lastDay = officials.at(-1)?.date;
    const standing = officials.filter((c) => c.date === lastDay && c.status !== 'superseded');
    const latestOfficial = new Set(standing.map(figureKey)).size > 1 ? undefined : (standing.at(-1) ?? officials.at(-1));
    return {
      topic,
      claims: ordered,
      latestOfficial,
      // A disputed claim alone in its group says so on its own line: "sources disagree" over one source would name a disagreement the group does not show.
      contested: figuresDiffer(ordered) || (ordered.length > 1 && ordered.some((c) => c.status === 'disputed')),
    };
  });
}

/**
 * Who a source's story comes from: its originating agency when it records one, else its
 * publisher. Two copies of one AP story are one originator, however many sites carry it.
 */
export function originatorKey(s: Source): string {
  return s.originator ? `originator:${s.originator}` : `publisher:${s.publisher.trim().toLowerCase()}`;
}

/** The kind of body the story comes from: the originator's type when known, else the source's. */
function originType(s: Source, originators?: ReadonlyMap<string, Originator>): SourceType {
  return (s.originator && originators?.get(s.originator)?.type) || s.type;
}

/** The distinct originators behind a claim's sources (party or not). */
export function originatorsOf(claim: Pick<Claim, 'sources'>, sources: ReadonlyMap<string, Source>): Set<string> {
  const keys = new Set<string>();
  for (const id of claim.sources) {
    const s = sources.get(id);
    if (s) keys.add(originatorKey(s));
  }
  return keys;
}

/**
 * Counts the distinct originators backing a claim that do not speak for a party to the
 * events (governments, state media, armed groups do). A state agency's story republished
 * by a newspaper still counts as the state agency's.
 */
export function independentSourceCount(
  claim: Pick<Claim, 'sources'>,
  sources: ReadonlyMap<string, Source>,
  originators?: ReadonlyMap<string, Originator>,
): number {
  const keys = new Set<string>();
  for (const id of claim.sources) {
    const s = sources.get(id);
    if (s && !PARTY_SOURCE_TYPES.includes(originType(s, originators))) keys.add(originatorKey(s));
  }
  return keys.size;
}

const QUALIFIER_WORDS = { about: 'about', 'at-least': 'at least', 'more-than': 'more than', 'up-to': 'up to' } as const;

/** A figure as text: "94", "94–95", with its unit. */
export function formatFigure(c: Claim): string | undefined {
  if (c.value === undefined) return undefined;
  const range = c.valueMax !== undefined && c.valueMax !== c.value ? `${grouped(c.value)}–${grouped(c.valueMax)}` : grouped(c.value);
  const bounded = c.qualifier ? `${QUALIFIER_WORDS[c.qualifier]} ${range}` : range;
  const one = c.value === 1 && (c.valueMax === undefined || c.valueMax === 1);
  const unit = one && c.unit === 'people' ? 'person' : c.unit;
  return unit ? `${bounded} ${unit}` : bounded;
}

/** A topic id ("distance-to-grave") as a heading ("Distance to grave"). */
export function topicLabel(topic: string): string {
  const words = topic.split('-').map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w)).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Words of a topic id written in capitals in its label ("us-response": "US response"). Not "is", which is also a word. */
const ACRONYMS = new Set(['us', 'uk', 'un', 'eu', 'nato', 'irgc', 'krg', 'isis', 'isil', 'ispr', 'sdf', 'ap', 'afp', 'irna', 'bbc', 'cnn']);
