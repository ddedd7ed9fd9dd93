/**
 * The interface's words that only the details panels, the story card, the import summary and
 * the column chooser use: they load with those parts (on the first feature opened or file
 * added), not with the page, whose main bundle must stay within 60 KB of bare MapLibre's.
 * `t` here is every word of `strings.ts` and these.
 */
import { num, t as base } from './strings';
import { isolated } from '../data/isolate';

/** Before the position of a shape: what it is, and which of its points the coordinate gives (see data/geometry.ts). */
const SHAPE_ANCHORS: Record<string, string> = {
  MultiPoint: 'Several points, shown at the one nearest their middle:',
  LineString: 'A line, shown at its middle:',
  MultiLineString: 'Several lines, shown at the middle of the longest:',
  Polygon: 'An area, shown at a point inside it:',
  MultiPolygon: 'Several areas, shown at a point inside one:',
};

/**
 * English names (ISO 639-3's reference names) of languages of the region and of the atlas's
 * sources that a browser's own list may lack: Debian's Chromium names neither Scots nor
 * Baluchi, and a Wikipedia citation read "in sco".
 */
const KNOWN_LANGUAGES: Record<string, string> = {
  sco: 'Scots',
  bal: 'Baluchi',
  brh: 'Brahui',
  ckb: 'Central Kurdish',
  kmr: 'Northern Kurdish',
  sdh: 'Southern Kurdish',
  lrc: 'Northern Luri',
  mzn: 'Mazanderani',
  glk: 'Gilaki',
  azb: 'South Azerbaijani',
  prs: 'Dari',
  skr: 'Saraiki',
  pnb: 'Western Panjabi',
};

let languages: Intl.DisplayNames | null | undefined;
/** A language's English name from its code ("sco": "Scots"); the code itself where neither the browser nor `KNOWN_LANGUAGES` knows a name for it. */
export function languageName(code: string): string {
  if (languages === undefined) {
    try {
      languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    } catch {
      languages = null;
    }
  }
  try {
    const name = languages?.of(code);
    return name && name !== 'root' && name !== code ? name : (KNOWN_LANGUAGES[code] ?? code);
  } catch {
    return code; // not a well-formed language tag
  }
}

export const t = {
  ...base,
  problems: (n: number, following = 0) => `${num(n)} problem${n > 1 ? 's' : ''} in the data${following > 0 ? ` (${num(following)} of them following from the others)` : ''}: the affected items are left out`,
  moreProblems: (n: number) => `… and ${num(n)} more.`,
  close: 'Close details',
  stackLabel: 'Several features here',
  stackPrompt: (n: number) => `${num(n)} features share this spot. Choose one:`,
  stackMore: (listed: number, total: number) => `The first ${num(listed)} in time order are listed; zoom in, or narrow the time window, layers or search, to reach the other ${num(total - listed)}.`,
  storyPrev: 'Previous step',
  storyNext: 'Next step',
  storyProgress: (i: number, n: number) => `Step ${i} of ${n}`,
  when: 'When',
  where: 'Where',
  who: 'Carried out or claimed by',
  facts: 'Facts and claims',
  inUtc: 'In UTC',
  notAnEvent: 'Undated: no date given or read, so it shows whatever the time window.',
  latLon: '(lat, lon)',
  precisionNotStated: 'precision not stated',
  /** Before the position of a line or polygon: the coordinate shown is a point on it. */
  shapeAnchor: (type: string) => SHAPE_ANCHORS[type] ?? '',
  basis: { reported: 'reported by a source', derived: 'derived from reported distances', estimate: 'estimate' },
  sourcesForTime: 'Sources for the time',
  sourcesForPosition: 'Sources for the position',
  sourcesForClaim: 'Sources for this claim',
  sourcesForLink: 'Sources for this link',
  sourcesForStep: 'Sources for this step',
  sourcesDisagree: 'sources disagree',
  latestOfficial: 'Latest official figure',
  everyFigure: 'Every figure reported is listed below, oldest first.',
  independent: (n: number) => (n === 0 ? 'no independent originator' : `${n} independent originator${n > 1 ? 's' : ''}`),
  computed: (distance: string, to: string, consistent: boolean) =>
    `From the map positions to ${to}: ${distance} — ${consistent ? 'consistent with this figure' : 'does not fit this figure'}.`,
  computedGap: (gap: string, from: string, consistent: boolean) =>
    `From the times on this map, after ${from}: ${gap} — ${consistent ? 'consistent with this figure' : 'does not fit this figure'}.`,
  separations: 'Distances and time gaps',
  onRoute: (title: string) => `On the map's line for ${title} (dashed grey):`,
  sourcesForRoute: 'Sources for the line',
  separationsNote: 'Computed from the positions and times on this map, with the range their precision allows; reported figures are under Facts.',
  distance: 'Distance',
  timeGap: 'Time between',
  incidentFacts: (title: string) => `About the attack as a whole: ${title}`,
  incidentNote: 'These figures describe the whole event, not this one site.',
  archivedAt: (when: string) => `archived ${when}`,
  /** An encyclopedia's article copied by another site is a copy, not a story; a source a data file only names is known through that file. */
  via: (originator: string, type?: string) => (type === 'encyclopedia' ? `copy of ${originator}` : type === 'dataset' ? `via ${originator}` : `story by ${originator}`),
  syndicatedUnknown: 'republished agency story, originator not known',
  /** A story rewritten under one address, cited by version: its link opens the page as it is now, which may be another version than this record's. */
  titlesAtAddress: (n: number) => `one of ${n} records of this address under different titles; the link opens the page as it is now`,
  linkedEvents: 'Linked events',
  aboutLink: 'About this link',
  ends: 'Ends',
  to: 'To',
  sourceTypes: {
    wire: 'wire service',
    newspaper: 'newspaper',
    broadcaster: 'broadcaster',
    'state-media': 'state media',
    government: 'government statement',
    'armed-group': "armed group's outlet",
    ngo: 'NGO',
    encyclopedia: 'encyclopedia',
    dataset: 'data file',
  },
  archivedCopy: 'archived copy',
  inLanguage: (lang: string) => `in ${languageName(lang)}`,
  /** What an import says once its code has loaded (with this module: see `importFiles`). */
  importRefused: (file: string, reason: string) => `“${isolated(file)}” was not added: ${reason}. The map is unchanged.`,
  importNeedsMapping: (file: string) => `“${isolated(file)}”: say which columns hold the latitude and longitude.`,
  importDone: (file: string, added: number, skipped: number, problems: string[], problemCount: number, warningCount = 0) =>
    [
      `Added ${num(added)} feature${added === 1 ? '' : 's'} from “${isolated(file)}”.`,
      skipped > 0 ? `${num(skipped)} already on the map kept their loaded version.` : '',
      problemCount > 0 ? `${num(problemCount)} problem${problemCount > 1 ? 's' : ''} left items out: ${problems.join('; ')}${problemCount > problems.length ? '; …' : '.'}` : '',
      warningCount > 0 ? `${num(warningCount)} warning${warningCount > 1 ? 's' : ''} (kept, but read with care) under “Last import”.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  importCancelled: (file: string) => `Adding “${isolated(file)}” was cancelled. Nothing was added; the map is unchanged.`,
  /** Only that file: others picked with it may have been added. */
  mappingCancelled: (file: string) => `“${isolated(file)}” was not added: no columns were chosen for it. Nothing of it is on the map.`,
  importTooLarge: (file: string, mb: number, limitMb: number) =>
    `“${isolated(file)}” is ${mb.toLocaleString('en-GB')} MB; files up to ${limitMb} MB can be added (a file exported by this map holds about 1–2 KB per event). Nothing was added; the map is unchanged.`,
  importSummary: 'Last import',
  importRevised: (ids: readonly string[]) =>
    `${ids.length === 1 ? 'One of them is' : `${num(ids.length)} of them are`} given otherwise in this file (a revised row?); the map keeps the version loaded first: ${ids
      .slice(0, 5)
      .map((id) => `“${isolated(id)}”`)
      .join(', ')}${ids.length > 5 ? ` and ${num(ids.length - 5)} more` : ''}.`,
  importSummaryAdded: (added: number, skipped: number, format: string) => `${format}: ${num(added)} feature${added === 1 ? '' : 's'} added${skipped > 0 ? `, ${num(skipped)} already on the map` : ''}`,
  /** Errors left items out, warnings kept them: said apart, as the page's list of problems counts only errors. */
  importProblemsOf: (file: string) => `What was found in ${isolated(file)}`,
  importSummaryProblems: (n: number, warnings = 0) =>
    warnings === 0
      ? `${num(n)} problem${n === 1 ? '' : 's'}`
      : [n - warnings > 0 ? `${num(n - warnings)} error${n - warnings === 1 ? '' : 's'}` : '', `${num(warnings)} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', '),
  importSummaryMore: (n: number) => `and ${num(n)} more`,
  mappingTitle: (file: string) => `Columns of “${isolated(file)}”`,
  mappingIntro: 'The app did not recognise this file’s columns. Pick the ones that hold each value; nothing is added until you confirm.',
  mappingFields: { latitude: 'Latitude', longitude: 'Longitude', date: 'Date (optional)', title: 'Title (optional)' } as Record<string, string>,
  mappingTooMany: (n: number, offered: number) => `This file has ${num(n)} columns; the lists offer the first ${num(offered)}. If the latitude and longitude are not among them, save the file with them first.`,
  mappingNone: '(none)',
  mappingConfirm: 'Add the features',
  mappingCancel: 'Cancel',
};
