import { describe, expect, it } from 'vitest';
import { kmlPartsInSteps, toKml } from '../../src/lib/data/kml';
import { STEP } from '../../src/lib/data/steps';
import { makeAtlas, makeFeature, wire } from './fixtures';

/** The text of each element with this name, XML entities decoded (enough for what toKml writes). */
function texts(xml: string, name: string): string[] {
  const decode = (s: string) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => decode(m[1]));
}

describe('toKml', () => {
  it('writes one named placemark per feature, in a folder per layer, with its position', () => {
    const atlas = makeAtlas([makeFeature({}, 'a'), makeFeature({ title: 'Second' }, 'b')]);
    const kml = toKml(atlas, atlas.features, 'My atlas');
    expect(kml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2"><Document><name>My atlas<\/name>/);
    expect(texts(kml, 'name')).toEqual(['My atlas', 'Test layer', 'Test event', 'Second']);
    expect(kml.match(/<Placemark id="[ab]">/g)).toHaveLength(2);
    expect(texts(kml, 'coordinates')).toEqual(['57.07,30.28', '57.07,30.28']);
  });

  it('gives a reported minute a TimeStamp and a wider window a TimeSpan, in UTC', () => {
    const minute = makeFeature({}, 'minute');
    const day = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: true, zone: 'IRST', sources: [wire.id] } }, 'day');
    const undated = makeFeature({ time: undefined }, 'undated');
    const kml = toKml(makeAtlas([minute, day, undated]), [minute, day, undated], 'x');
    expect(texts(kml, 'when')).toEqual(['2024-01-03T11:30:00Z']);
    expect([texts(kml, 'begin'), texts(kml, 'end')]).toEqual([['2024-01-15T20:30:00Z'], ['2024-01-16T20:30:00Z']]);
    expect(kml.match(/<Time(Stamp|Span)>/g)).toHaveLength(2);
    // The local time and zone travel as data beside the UTC times.
    expect(kml).toContain('<Data name="time_local"><value>2024-01-16</value></Data><Data name="time_zone"><value>IRST</value></Data><Data name="utc_offset"><value>+03:30</value></Data>');
  });

  it('writes a UTC day, or a window of UTC days, as dates, first and last, not as midnights', () => {
    const day = makeFeature({ time: { local: '2023-11-23', precision: 'day', approximate: false, zone: 'UTC', sources: [wire.id] } }, 'day');
    const days = makeFeature({ time: { local: '2023-11-20', end: '2023-11-26', precision: 'day', approximate: true, zone: 'UTC', sources: [wire.id] } }, 'days');
    const tehran = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'IRST', sources: [wire.id] } }, 'tehran');
    const kml = toKml(makeAtlas([day, days, tehran]), [day, days, tehran], 'x');
    expect(texts(kml, 'begin')).toEqual(['2023-11-23', '2023-11-20', '2024-01-15T20:30:00Z']);
    expect(texts(kml, 'end')).toEqual(['2023-11-23', '2023-11-26', '2024-01-16T20:30:00Z']);
  });

  it('describes every claim with its sources, linking only to http(s) pages', () => {
    const atlas = makeAtlas();
    const [description] = texts(toKml(atlas, atlas.features, 'x'), 'description').slice(-1);
    expect(description).toContain('The toll was revised to 84.');
    expect(description).toContain('(Example Ministry, 2024-01-04, claimed)');
    expect(description).toContain(`Example Wire, “Toll revised”, 2024-01-04: <a href="${wire.url}">source</a> · <a href="${wire.archiveUrl}">archived copy</a>`);
  });

  it('names a source without a web address (a data file) alone, with no empty link', () => {
    const atlas = makeAtlas();
    atlas.sources.set(wire.id, { ...wire, url: '', type: 'dataset' });
    const [description] = texts(toKml(atlas, atlas.features, 'x'), 'description').slice(-1);
    expect(description).toContain(`<li>Example Wire, “Toll revised”, 2024-01-04</li>`);
    expect(description).not.toContain('()');
  });

  it('names a source’s originator in the panel’s words: rows of a data file come via it, an agency’s story is by it', () => {
    const atlas = makeAtlas();
    atlas.originators.set('acled', { id: 'acled', name: 'ACLED', type: 'dataset' });
    atlas.originators.set('afp', { id: 'afp', name: 'Agence France-Presse', type: 'wire' });
    atlas.sources.set(wire.id, { ...wire, originator: 'acled' });
    const ministryId = [...atlas.sources.keys()].find((id) => id !== wire.id)!;
    atlas.sources.set(ministryId, { ...atlas.sources.get(ministryId)!, originator: 'afp' });
    const [description] = texts(toKml(atlas, atlas.features, 'x'), 'description').slice(-1);
    expect(description).toContain('“Toll revised”, 2024-01-04 (via ACLED)');
    expect(description).toContain('(story by Agence France-Presse)');
    expect(description).not.toContain('story by ACLED');
  });

  it('never lets text from the data become markup, in the XML or in the description HTML', () => {
    const payload = '<img src=x onerror="alert(1)"> & </description><script> ]]>';
    const f = makeFeature({ title: payload, place: payload, actors: [payload] }, 'hostile');
    f.properties.claims[0].statement = payload;
    const kml = toKml(makeAtlas([f]), [f], payload);
    expect(kml).not.toContain('<img');
    expect(kml).not.toContain('<script>');
    expect(kml).not.toContain(']]>');
    expect(texts(kml, 'name')).toContain(payload);
    const [description] = texts(kml, 'description').slice(-1);
    // Once the XML is read, the description is HTML in which the payload is still escaped text.
    expect(description).not.toMatch(/<img|<script|<\/description/);
    expect(description).toContain('&#x3C;img src=x onerror="alert(1)"> &#x26; &#x3C;/description>&#x3C;script> ]]>');
  });
});

describe('kmlPartsInSteps', () => {
  it('writes exactly the text of toKml in steps that hand the thread back, with a layer the atlas does not list', async () => {
    const { syntheticAtlas } = await import('../../scripts/lib/synthetic');
    // Over STEP features in each group (the two layers share them evenly), so each group is written in more than one step.
    const full = syntheticAtlas({ events: STEP * 2 + 20, layers: 2 });
    // The second layer's features stay; its definition goes, as for an imported file's layer.
    const atlas = { ...full, layers: full.layers.filter((l) => l.id !== 'synthetic-2') };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const parts = await kmlPartsInSteps(atlas, atlas.features, 'Steps ]]> “x”');
    clearInterval(timer);
    expect(await new Blob(parts).text()).toBe(toKml(atlas, atlas.features, 'Steps ]]> “x”'));
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('citations written once per atlas', () => {
  it('writes a source id from the record of the atlas being exported, not from one exported before', () => {
    const first = makeAtlas([makeFeature({}, 'a')]);
    const second = makeAtlas([makeFeature({}, 'a')]);
    second.sources.set(wire.id, { ...wire, publisher: 'Another Publisher' });
    expect(toKml(first, first.features, 'x')).toContain(wire.publisher);
    const again = toKml(second, second.features, 'x');
    expect(again).toContain('Another Publisher');
    expect(again).not.toContain(`${wire.publisher}, `);
  });
});

describe('kmlFromKmz', () => {
  it('says a KMZ’s KML is too large to unpack, naming it and its size, rather than that there is none', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const { kmlFromKmz } = await import('../../src/lib/data/formats/kml');
    const big = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${' '.repeat(2 * 1_048_576)}</Document></kml>`;
    const kmz = zipSync({ 'doc.kml': strToU8(big) });
    expect(kmlFromKmz(kmz, 1_048_576)).toEqual({ refused: 'its KML file doc.kml would unpack to 3 MB, past the 1 MB a file can be' });
    expect(kmlFromKmz(kmz)).toBe(big);
    expect(kmlFromKmz(zipSync({ 'readme.txt': strToU8('no map here') }))).toEqual({ refused: 'the KMZ archive holds no .kml file' });
  });
});
