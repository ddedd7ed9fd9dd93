import { grouped } from '../data/grouped';
import { isolated } from '../data/isolate';

/** A count as the interface writes it: 100,000 rather than 100000 (see `grouped`). */
export const num = grouped;

/** Texts from a link, each quoted and isolated on its own, joined by commas. */
const quotedEach = (texts: readonly string[]): string => texts.map((text) => `“${isolated(text)}”`).join(', ');

/**
 * Every user-facing string of the interface, in two places so it can be translated: these,
 * which the page needs from the start, and in `strings-panels.ts` those only the panels,
 * the story card and the import dialogs use, which load with them. Data (titles, claims)
 * carries its own language; these are only the app's words.
 */
export const t = {
  /** The title until an atlas names itself, and when none could be opened. */
  appTitle: 'Event atlas',
  appSubtitle: 'every fact with its sources',
  builtInAtlas: 'the atlas built into this map',
  openBuiltIn: 'Open the atlas built into this map',
  atlasRefused: (value: string, reason: string, shown?: string) =>
    `The atlas at “${isolated(value)}” was not opened: ${reason}.${shown ? ` The map still shows “${isolated(shown)}”.` : ''}`,
  atlasFailed: (name: string, reason: string, shown?: string) =>
    `The atlas at ${name} could not be opened: ${reason}.${shown ? ` The map still shows “${isolated(shown)}”.` : ''}`,
  atlasOpening: (name: string) => `Opening the atlas at ${name}…`,
  mapLabel: 'Map of events',
  loading: 'Loading the data…',
  dismiss: 'Dismiss',
  cancel: 'Cancel',
  layers: 'Layers',
  actors: 'Carried out or claimed by',
  /** The box that finds an actor once there are too many to list (see `listedActors`). */
  findActor: (n: number) => `Find one of ${num(n)} actors`,
  /** Under the actors listed: how many others match, and how to reach them. */
  moreActors: (n: number, finding: boolean) => `${num(n)} more${finding ? ' match' : ''}: type part of a name to find one.`,
  noActorMatches: (find: string) => `No actor's name holds “${isolated(find)}”.`,
  search: 'Search titles, facts and sources',
  searchPlaceholder: 'e.g. a place, a group, a source',
  clearFilters: 'Show everything',
  listTitle: 'Events and places',
  listNone: 'No events or places are loaded.',
  listEmpty: 'Nothing matches the filters. Widen the time window, clear the search or turn a layer back on.',
  undated: 'Undated',
  exportAll: (n: number) => `Export GeoJSON: all ${num(n)} features`,
  exportVisible: (n: number) => `Export GeoJSON: the ${num(n)} shown`,
  exportCsv: (n: number) => `Export CSV: the ${num(n)} shown`,
  exportKml: (n: number) => `Export KML: the ${num(n)} shown`,
  /** What the export buttons show: each full name above without its "Export" (shown once before them) and "features". */
  exportWord: 'Export',
  exportWriting: (what: string) => `Writing ${what}…`,
  exportFailed: (what: string, reason: string) => `${what[0].toUpperCase()}${what.slice(1)} could not be written (${reason}). Nothing was downloaded; the map is unchanged.`,
  /** What an export writes, for the two sentences above. */
  exportWhat: (kind: 'all' | 'shown' | 'csv' | 'kml', n: number) =>
    kind === 'all' ? `the GeoJSON of all ${num(n)} features` : `the ${kind === 'shown' ? 'GeoJSON' : kind.toUpperCase()} of the ${num(n)} shown`,
  exportAllShort: (n: number) => `GeoJSON: all ${num(n)}`,
  exportVisibleShort: (n: number) => `GeoJSON: the ${num(n)} shown`,
  exportCsvShort: (n: number) => `CSV: the ${num(n)} shown`,
  exportKmlShort: (n: number) => `KML: the ${num(n)} shown`,
  timeline: 'Timeline',
  windowStart: 'Start of time window',
  windowEnd: 'End of time window',
  play: 'Play',
  pause: 'Pause',
  speed: 'Playback speed',
  inWindow: (n: number, total: number) => `${num(n)} of ${num(total)} dated events in the window`,
  referenceAlways: 'Undated reference places are always shown.',
  story: 'Story',
  storyOpen: 'Follow the story',
  storyClose: 'Leave the story',
  basemap: 'Basemap',
  basemapOffline: 'Offline (Natural Earth, built in)',
  basemapStreets: 'Streets (OpenFreeMap, online)',
  basemapSatellite: 'Satellite (Esri World Imagery, online)',
  basemapCustom: 'Your own style or PMTiles URL',
  basemapCustomUrl: 'Style JSON or .pmtiles URL',
  basemapApply: 'Use this basemap',
  basemapFailed: (name: string, reason: string) => `The ${name} basemap could not be loaded (${reason}). Showing the offline basemap instead.`,
  basemapRefused: (name: string, reason: string, kept: string) => `The ${name} basemap could not be loaded (${reason}). Keeping the ${kept} basemap.`,
  layersFailed: (failures: string[]) => `Some map layers could not be drawn (${failures.join('; ')}); the rest of the map and the list still work.`,
  filtersMenu: 'Filters and layers',
  /** Closes the phone's drawer of filters and list. */
  drawerClose: 'Back to the map',
  sidebarLabel: 'Search, filters and the list of events',
  allFeatures: 'All features',
  /** The list's count: shown of all loaded. */
  listCount: (shown: number, total: number) => `(${num(shown)} of ${num(total)})`,
  /** The drawer button's count on narrow screens. */
  shownCount: (n: number) => `(${num(n)})`,
  shownOf: (shown: number, total: number) => (shown === total ? num(total) : `${num(shown)} of ${num(total)} shown`),
  details: (title: string) => `Details: ${title}`,
  relationDetails: 'Details: link between events',
  from: 'From',
  circlesKey: ['Circles show how far the true position may lie from the point:', 'solid when a source gives or implies the position,', 'dashed when it is an estimate.'],
  /** "January 2024 (days in UTC)." or "March 2023 – February 2024 (days in UTC)." for the timeline's span. */
  daysInUtc: (start: number, end: number) => {
    const month = (ms: number) => new Date(ms).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const [a, b] = [month(start), month(end - 1)];
    return `${a === b ? a : `${a} – ${b}`} (days in UTC).`;
  },
  importLabel: 'Add features from a file: GeoJSON, KML, KMZ, CSV (ACLED, UCDP GED, others), JSON-FG, Linked Places, uMap, TimeMap',
  importDrop: 'Drop files to add their features',
  importFailed: (file: string, reason: string) => `“${isolated(file)}” could not be read (${reason}). Nothing was added; the map is unchanged.`,
  importBusy: 'Another file is still being added; wait for it or cancel it first.',
  importPhase: { reading: 'Reading', parsing: 'Parsing', converting: 'Converting', checking: 'Checking', sending: 'Adding to the map' } as Record<string, string>,
  importProgress: (file: string) => `Adding “${isolated(file)}”`,
  atlasProgress: 'Opening the atlas',
  cancelImport: 'Cancel',
  urlRepeated: (key: string, n: number) => `The link names “${isolated(key)}” ${n} times; only the first is used.`,
  urlTooLong: (key: string, max: number) => `The link’s “${isolated(key)}” is longer than ${max} characters; it was cut.`,
  urlTooMany: (key: string, max: number) => `The link repeats “${isolated(key)}” more than ${max} times; the rest were left out.`,
  urlWindowHalf: 'The link gives only one end of the time window (it needs both “from” and “to”), so all times are shown.',
  urlWindowNoSuchDay: (from: string, to: string) => `The link’s time window (“${isolated(from)}” to “${isolated(to)}”) names a day the calendar does not have, so all times are shown.`,
  urlWindowNotTime: (from: string, to: string) => `The link’s time window (“${isolated(from)}” to “${isolated(to)}”) is not a pair of ISO 8601 dates or times with a time zone (such as 2024-01-03 or 2024-01-03T11:30Z), so all times are shown.`,
  urlWindowReversed: (from: string, to: string, empty: boolean) => `The link’s time window ${empty ? 'is empty: it ends where it starts' : 'ends before it starts'} (“${isolated(from)}” to “${isolated(to)}”), so all times are shown.`,
  urlWindowOutside: "The link’s time window lies outside the dates of every event on this map, so only the undated reference places are shown.",
  urlBadView: (view: string) => `The link’s map view “${isolated(view)}” is not zoom/latitude/longitude, so the map shows all the events instead.`,
  // Each id isolated on its own: an override in one would otherwise reverse the quotes and ids after it.
  urlUnknown: (kind: string, ids: string[]) => `No ${kind} has the id ${quotedEach(ids)}.`,
  urlUnknownActor: (names: string[]) => `No one named ${quotedEach(names)} carried out or claimed an event on this map.`,
  urlBrokenCodes: (key: string) => `The link’s “${isolated(key)}” holds %-codes that are not text (shown as \uFFFD): it may have been cut.`,
  urlEncodedTwice: 'An id in the link still holds %-codes, as if the link was encoded twice; try decoding it once.',
  urlStoryFiltered: 'The link’s filters hide some of the events of its story step; “Show everything” shows them.',
  urlFeatureFiltered: 'The link’s filters hide the event it opens; “Show everything” shows it.',
  urlAdvice: 'The link may be old or mistyped; everything else is still on the map and in the list.',
  basemapLoadFailed: (reason: string) => `The basemap could not be loaded (${reason}). Reload the page to try again.`,
};
