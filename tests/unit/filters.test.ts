import { describe, expect, it } from 'vitest';
import { actorsOf, allActors, applyFilters, foldSearch, incidentSearchTexts, inWindow, matchesQuery, NO_ACTOR, NO_FILTERS, searchText, searchTexts, shownAndTotal, timeExtent, timeSpan } from '../../src/lib/state/filters';
import { prepareAll, withIncidentTexts } from '../../src/lib/state/prepared';
import { makeAtlas, makeFeature, ministry } from './fixtures';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAtlas } from '../../src/lib/data/load';
import { timeWindow } from '../../src/lib/data/uncertainty';
import type { EventTime, Incident } from '../../src/lib/data/schema';

const day = (iso: string) => new Date(iso).getTime();

const kerman = makeFeature({ time: { local: '2024-01-03T15:00:00+03:30', precision: 'minute', approximate: true, zone: 'IRST', sources: [] }, actors: ['Islamic State'] }, 'kerman');
const saravan = makeFeature({ time: { local: '2024-01-18', precision: 'day', approximate: false, zone: 'IRST', sources: [] }, actors: ['Pakistan Armed Forces'], title: 'Strike near Saravan' }, 'saravan');
const grave = makeFeature({ time: undefined, actors: [], title: 'Grave' }, 'grave');
const all = [kerman, saravan, grave];
const texts = new Map(all.map((f) => [f.id, searchText(f, makeAtlas().sources)]));

describe('time spans and extent', () => {
  it('spans a minute-precise time by one minute and a day-only time by its whole local day', () => {
    expect(timeSpan(kerman.properties.time!)).toEqual({ start: day('2024-01-03T11:30:00Z'), end: day('2024-01-03T11:31:00Z') - 1 });
    expect(timeSpan(saravan.properties.time!)).toEqual({ start: day('2024-01-17T20:30:00Z'), end: day('2024-01-18T20:30:00Z') - 1 });
  });

  it('runs a window to the end of its last moment at its precision, as the export and the time gaps read it', () => {
    const hours: EventTime = { local: '2024-01-18T04:00:00+03:30', end: '2024-01-18T06:00:00+03:30', precision: 'hour', approximate: true, zone: 'IRST', sources: [] };
    expect(timeSpan(hours)).toEqual({ start: day('2024-01-18T00:30:00Z'), end: day('2024-01-18T03:30:00Z') - 1 });
    const minutes: EventTime = { ...hours, end: '2024-01-18T04:05:00+03:30', precision: 'minute' };
    expect(timeSpan(minutes).end).toBe(day('2024-01-18T00:36:00Z') - 1);
    const days: EventTime = { local: '2024-01-16', end: '2024-01-18', precision: 'day', approximate: false, zone: 'IRST', sources: [] };
    expect(timeSpan(days)).toEqual({ start: day('2024-01-15T20:30:00Z'), end: day('2024-01-18T20:30:00Z') - 1 });
  });

  it('agrees with the window the export writes for every dated feature of the built-in atlas', async () => {
    const { atlas } = await loadAtlas((name) => readFile(join('geodata', name), 'utf8'));
    const dated = atlas.features.filter((f) => f.properties.time);
    expect(dated.some((f) => f.properties.time!.end && f.properties.time!.precision === 'hour')).toBe(true);
    for (const f of dated) {
      const w = timeWindow(f.properties.time!)!;
      expect(timeSpan(f.properties.time!), f.id).toEqual({ start: w.start, end: w.end - 1 });
    }
  });

  it('pads the extent to whole UTC days and ignores undated features', () => {
    expect(timeExtent(all)).toEqual({ start: day('2024-01-03T00:00:00Z'), end: day('2024-01-19T00:00:00Z') });
    expect(timeExtent([grave])).toBeNull();
  });
});

describe('applyFilters', () => {
  it('shows everything with no filters', () => {
    expect(applyFilters(all, NO_FILTERS, texts).map((f) => f.id)).toEqual(['kerman', 'saravan', 'grave']);
  });

  it('keeps events overlapping the window, and undated reference places', () => {
    const window = { start: day('2024-01-10T00:00:00Z'), end: day('2024-01-18T00:00:00Z') };
    expect(applyFilters(all, { ...NO_FILTERS, window }, texts).map((f) => f.id)).toEqual(['saravan', 'grave']);
    expect(inWindow(kerman, { start: day('2024-01-03T11:30:30Z'), end: day('2024-01-03T12:00:00Z') })).toBe(true);
  });

  it('hides a feature when all its actors are hidden', () => {
    expect(applyFilters(all, { ...NO_FILTERS, hiddenActors: new Set(['Islamic State', NO_ACTOR]) }, texts).map((f) => f.id)).toEqual(['saravan']);
  });

  it('searches titles, facts and source names, every word, case-insensitively', () => {
    expect(applyFilters(all, { ...NO_FILTERS, query: 'SARAVAN' }, texts).map((f) => f.id)).toEqual(['saravan']);
    expect(applyFilters(all, { ...NO_FILTERS, query: 'example wire 84' }, texts).length).toBe(3);
    expect(applyFilters(all, { ...NO_FILTERS, query: 'revised nowhere' }, texts)).toEqual([]);
  });

  it('gives every feature the words of its own sources, when many features share a catalogue', () => {
    const sources = makeAtlas().sources;
    const [first, second] = [...sources.values()];
    const cite = (id: string, f: typeof kerman) => ({ ...f, properties: { ...f.properties, location: { ...f.properties.location, sources: [id] }, claims: [] } });
    const textOf = searchTexts(sources);
    const a = textOf(cite(first.id, kerman));
    const b = textOf(cite(second.id, saravan));
    const again = textOf(cite(first.id, grave));
    expect(a).toContain(first.title.toLocaleLowerCase());
    expect(a).not.toContain(second.title.toLocaleLowerCase());
    expect(b).toContain(second.title.toLocaleLowerCase());
    expect(again).toContain(first.title.toLocaleLowerCase());
    expect(again).toContain('grave');
    expect(a).toBe(searchText(cite(first.id, kerman), sources));
  });

  it('finds a feature by the agency whose story a cited source is, by the agency’s name or its id', () => {
    const sources = makeAtlas().sources;
    const [first, second] = [...sources.values()];
    const syndicated = new Map(sources).set(first.id, { ...first, originator: 'afp' });
    const originators = new Map([['afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' as const }]]);
    const cite = (id: string, f: typeof kerman) => ({ ...f, properties: { ...f.properties, location: { ...f.properties.location, sources: [id] }, claims: [] } });
    const textOf = searchTexts(syndicated, originators);
    for (const query of ['agence france-presse', 'AFP']) {
      expect(matchesQuery(textOf(cite(first.id, kerman)), query), query).toBe(true);
      expect(matchesQuery(textOf(cite(second.id, saravan)), query), query).toBe(false);
    }
    // Without the catalogue's agencies, the id alone.
    expect(matchesQuery(searchTexts(syndicated)(cite(first.id, kerman)), 'afp')).toBe(true);
  });

  it('searches the notes on a time and a place, as the panel shows them', () => {
    const noted = makeFeature({ time: { ...kerman.properties.time!, note: 'Reported as 14:45 by AFP' } }, 'noted');
    const textOf = searchTexts(makeAtlas().sources);
    expect(matchesQuery(textOf(noted), '14:45 afp')).toBe(true);
    expect(matchesQuery(textOf(noted), 'city centre')).toBe(true);
    expect(matchesQuery(textOf(kerman), '14:45')).toBe(false);
  });

  it('finds Persian names typed with the Arabic forms of yeh and kaf, and the other way round', () => {
    const persian = makeFeature({ title: 'سلیمانی در کرمان' }, 'persian');
    const arabic = makeFeature({ title: 'سليماني في كرمان' }, 'arabic');
    const textOf = searchTexts(makeAtlas().sources);
    for (const query of ['سليماني كرمان', 'سلیمانی کرمان']) {
      expect(matchesQuery(textOf(persian), query), query).toBe(true);
      expect(matchesQuery(textOf(arabic), query), query).toBe(true);
    }
    expect(foldSearch('ي ى ك')).toBe('ی ی ک');
  });

  it('finds typographic quotes, apostrophes and dashes typed as the keyboard’s, and the other way round', () => {
    const curly = makeFeature({ title: 'Iran’s strikes, 15–16 January: “precision” missiles' }, 'curly');
    const straight = makeFeature({ title: "Iran's strikes, 15-16 January: \"precision\" missiles" }, 'straight');
    const textOf = searchTexts(makeAtlas().sources);
    for (const query of ["iran's 15-16", 'Iran’s 15–16', '"precision"', '“precision”']) {
      expect(matchesQuery(textOf(curly), query), query).toBe(true);
      expect(matchesQuery(textOf(straight), query), query).toBe(true);
    }
    expect(matchesQuery(textOf(curly), 'iran-s')).toBe(false);
    expect(foldSearch('‘a’ ‚b‛ ʼc′ “d” „e″ f‐g‑h‒i–j—k―l−m … ‹n›')).toBe(`'a' 'b' 'c' "d" "e" f-g-h-i-j-k-l-m ... <n>`);
  });

  it('leaves out characters that show nothing: a Persian word found without its zero-width non-joiner, a query copied with a zero-width space or a NUL', () => {
    // دانش‌آموز ("pupil") with the non-joiner Persian writes, which an Arabic keyboard has no key for.
    const persian = makeFeature({ title: 'دانش\u200cآموز در کرمان' }, 'persian');
    const textOf = searchTexts(makeAtlas().sources);
    for (const query of ['دانشآموز', 'دانش\u200cآموز', 'دانش آموز', '\u200bKerman', 'Kerman\u0000', '\u200e\u2067دانشآموز\u2069']) {
      expect(matchesQuery(textOf(persian) + ' kerman', query), JSON.stringify(query)).toBe(true);
    }
    // White space still parts words: a line break is not taken for nothing.
    expect(foldSearch('a\nb\tc\u00add\ufeffe')).toBe('a\nb\tcde');
  });

  it('leaves out exactly the format characters and the controls other than white space, of the whole Basic Multilingual Plane, as this runtime’s Unicode data lists them', () => {
    const invisible = /^(?:\p{Cf}|[^\P{Cc}\s])$/u;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCharCode(cp);
      if ((foldSearch(`a${c}b`) === 'ab') !== invisible.test(c)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('gives each feature of an incident the words of the incident’s claims and their sources, and no other feature', () => {
    const { sources } = makeAtlas();
    const incident: Incident = {
      id: 'twin-blasts',
      title: 'Twin bombings',
      features: ['kerman', 'saravan'],
      claims: [{ id: 'ic-1', topic: 'deaths', statement: 'More than 300 were hurt in all.', by: 'Bozrov hospital', date: '2024-01-04', status: 'claimed', sources: [ministry.id] }],
    };
    const extra = incidentSearchTexts([incident], sources);
    expect([...extra.keys()]).toEqual(['kerman', 'saravan']);
    expect(matchesQuery(extra.get('kerman')!, 'twin 300 bozrov')).toBe(true);
    expect(extra.get('kerman')).toContain(ministry.title.toLocaleLowerCase());
    const prepared = withIncidentTexts(prepareAll(all, sources), all, [incident], sources);
    expect(all.filter((_, i) => matchesQuery(prepared.text[i], 'bozrov')).map((f) => f.id)).toEqual(['kerman', 'saravan']);
    expect(withIncidentTexts(prepared, all, [], sources)).toBe(prepared);
  });

  it('hides layers', () => {
    expect(applyFilters(all, { ...NO_FILTERS, hiddenLayers: new Set(['test-layer']) }, texts)).toEqual([]);
  });
});

describe('actors', () => {
  it('lists every actor once, with reference places under their own name', () => {
    expect(actorsOf(grave)).toEqual([NO_ACTOR]);
    expect(allActors(all)).toEqual(['Islamic State', 'Pakistan Armed Forces', NO_ACTOR]);
  });
});

describe('shownAndTotal', () => {
  it('counts the shown and all features that match', () => {
    const shown = applyFilters(all, { ...NO_FILTERS, query: 'saravan' }, texts);
    expect(shownAndTotal(all, shown, (f) => f.properties.layer === 'test-layer')).toEqual([1, 3]);
  });
});
