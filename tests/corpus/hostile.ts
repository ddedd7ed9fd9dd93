/**
 * The hostile-input corpus: broken and malicious files, links and basemap styles, as a
 * stranger could send them. Small inputs are written out here; large ones (megabyte
 * strings, thousands of features, deep nesting) are generated when the tests run, so the
 * repository stays small. The unit tests (tests/unit/hostile.test.ts) run every file
 * through the import functions; the browser test (tests/e2e/corpus.e2e.ts) runs all of
 * them through the app.
 */
import { readFileSync } from 'node:fs';
import { buildExport, type ExportedCollection } from '../../src/lib/data/export';
import { loadAtlas } from '../../src/lib/data/load';

/** Markup that would run a script if any string reached the page as HTML. Each bumps window.__pwned. */
export const SCRIPT_PAYLOADS = [
  '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
  '<script>window.__pwned=(window.__pwned||0)+1</script>',
  '"><svg onload="window.__pwned=(window.__pwned||0)+1">',
  'javascript:window.__pwned=(window.__pwned||0)+1',
];

/** Text a spreadsheet would run as a formula. */
export const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+cmd|\'/c calc\'!A0', '-2+3', '@SUM(1,1)', '\tTAB', '\rCR'];

/** A hostile file to open with "Add features from a file". `adds`: features it should add (the rest must be refused with a message). */
export interface HostileFile {
  name: string;
  text: string | Buffer;
  adds: number;
}

const FIXTURE = 'tests/fixtures/atlas';

type AnyJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid export of the fixture atlas in the current form: a source catalogue, citations by id. */
export async function currentExport(): Promise<ExportedCollection> {
  const { atlas } = await loadAtlas(async (name) => readFileSync(`${FIXTURE}/${name}`, 'utf8'));
  return buildExport(atlas);
}

/**
 * A valid export of the fixture atlas in the earlier form, with the whole source record at
 * every citation (the importer reads both): the starting point for most hostile variants,
 * which change one embedded record.
 */
export async function baseExport(): Promise<AnyJson> {
  const current = structuredClone(await currentExport()) as AnyJson;
  const records = new Map((current.sources as AnyJson[]).map((s) => [s.id, s]));
  const embed = (item: AnyJson | undefined) => {
    if (item) item.sources = item.sources.map((id: string) => structuredClone(records.get(id)));
  };
  for (const f of current.features) {
    embed(f.properties.time);
    embed(f.properties.location);
    for (const c of f.properties.claims) embed(c);
  }
  for (const r of current.relations) embed(r);
  for (const inc of current.incidents ?? []) for (const c of inc.claims) embed(c);
  delete current.sources;
  delete current.originators;
  return current;
}

/** One exported feature, renamed so it is new to the map, and changed by `change`. */
function variant(base: AnyJson, id: string, change: (f: AnyJson) => void = () => {}): AnyJson {
  const f = structuredClone(base.features.find((x: AnyJson) => x.id === 'iran-strike-erbil')!) as AnyJson;
  f.id = id;
  f.properties.claims = f.properties.claims.map((c: AnyJson, i: number) => ({ ...c, id: `${id}-claim-${i}` }));
  change(f);
  return f;
}

/** Changes every embedded record of one source in a feature (a file repeats the record wherever it is cited). */
function everySource(f: AnyJson, id: string, change: (s: AnyJson) => void): void {
  const p = f.properties;
  for (const item of [p.time, p.location, ...p.claims]) for (const s of item?.sources ?? []) if (s.id === id) change(s);
}

const collection = (features: unknown[], extra: AnyJson = {}) => ({ type: 'FeatureCollection', name: 'hostile', features, relations: [], ...extra });
const json = (v: unknown) => JSON.stringify(v);

/** Every hostile file, with the number of features each may add; `many` sets the size of the many-features file. */
export async function hostileFiles({ many = 1000 } = {}): Promise<HostileFile[]> {
  const base = await baseExport();
  const current = await currentExport();
  /** One feature in the current form: the fixture's catalogue, changed by `change`, and a feature citing it by id. */
  const catalogued = (id: string, change: (sources: AnyJson[], f: AnyJson) => void, adds = 0): HostileFile => {
    const sources = structuredClone(current.sources) as AnyJson[];
    const f = structuredClone(current.features.find((x) => x.id === 'iran-strike-erbil')!) as AnyJson;
    f.id = id;
    f.properties.claims = f.properties.claims.map((c: AnyJson, i: number) => ({ ...c, id: `${id}-claim-${i}` }));
    const file = collection([f], { sources });
    change(sources, f);
    return { name: `${id}.geojson`, text: json(file), adds };
  };
  const one = (id: string, change: (f: AnyJson) => void, adds = 0): HostileFile => ({ name: `${id}.geojson`, text: json(collection([variant(base, id, change)])), adds });
  const mega = 'x'.repeat(1_000_000);
  const files: HostileFile[] = [
    // Not a FeatureCollection at all.
    { name: 'empty.geojson', text: '', adds: 0 },
    { name: 'blank.geojson', text: '  \n\t ', adds: 0 },
    { name: 'not-json.geojson', text: 'hello, world', adds: 0 },
    { name: 'truncated.geojson', text: json(base).slice(0, 5000), adds: 0 },
    { name: 'null.geojson', text: 'null', adds: 0 },
    { name: 'number.geojson', text: '42', adds: 0 },
    { name: 'string.geojson', text: '"FeatureCollection"', adds: 0 },
    { name: 'array.geojson', text: '[]', adds: 0 },
    { name: 'object.geojson', text: '{}', adds: 0 },
    { name: 'features-object.geojson', text: json({ type: 'FeatureCollection', features: {} }), adds: 0 },
    { name: 'features-null.geojson', text: json({ type: 'FeatureCollection', features: null }), adds: 0 },
    { name: 'deep.geojson', text: `${'['.repeat(200_000)}${']'.repeat(200_000)}`, adds: 0 },
    { name: 'deep-object.geojson', text: `{"type":"FeatureCollection","features":[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]}`, adds: 0 },
    { name: 'utf16.geojson', text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(collection([variant(base, 'utf16-event')])), 'utf16le')]), adds: 1 },
    { name: 'utf16-no-bom.geojson', text: Buffer.from(json(collection([variant(base, 'utf16-nobom-event')])), 'utf16le'), adds: 0 },
    { name: 'latin1.geojson', text: Buffer.from(json(collection([variant(base, 'latin1-event', (f) => (f.properties.title = 'Café ½'))])), 'latin1'), adds: 0 },
    { name: 'bom.geojson', text: `\ufeff${json(collection([variant(base, 'bom-event')]))}`, adds: 1 },
    { name: 'already-loaded.geojson', text: json(base), adds: 0 },
    // Wrong shapes inside.
    { name: 'odd-features.geojson', text: json(collection([null, 1, 'x', [], {}, { type: 'Feature' }, { type: 'Feature', properties: null }, { type: 'Feature', properties: 'x' }])), adds: 0 },
    { name: 'relations-object.geojson', text: json(collection([variant(base, 'rel-object-event')], { relations: {} })), adds: 1 },
    { name: 'relations-number.geojson', text: json(collection([variant(base, 'rel-number-event')], { relations: 5 })), adds: 1 },
    { name: 'relations-null-entries.geojson', text: json(collection([variant(base, 'rel-null-event')], { relations: [null, 1, {}, { id: 'x', sources: null }] })), adds: 1 },
    one('claims-object', (f) => (f.properties.claims = {})),
    one('claims-number', (f) => (f.properties.claims = 5)),
    one('claims-null', (f) => (f.properties.claims = null)),
    one('claims-null-entry', (f) => f.properties.claims.push(null)),
    one('claim-no-sources', (f) => delete f.properties.claims[0].sources),
    one('claim-sources-null', (f) => (f.properties.claims[0].sources = null)),
    one('claim-sources-null-entry', (f) => (f.properties.claims[0].sources = [null, 5, { id: {} }])),
    one('time-no-sources', (f) => delete f.properties.time.sources),
    one('location-no-sources', (f) => delete f.properties.location.sources),
    one('location-null', (f) => (f.properties.location = null)),
    one('time-string', (f) => (f.properties.time = 'yesterday')),
    one('geometry-collection', (f) => (f.geometry = { type: 'GeometryCollection', geometries: [] })),
    one('ring-open', (f) => (f.geometry = { type: 'Polygon', coordinates: [[[57, 30], [57.1, 30], [57.1, 30.1], [57, 30.1]]] })),
    one('geometry-null', (f) => (f.geometry = null)),
    one('coordinates-text', (f) => (f.geometry.coordinates = ['57', '30'])),
    { name: 'coordinates-infinite.geojson', text: json(collection([variant(base, 'coordinates-infinite')])).replace(/"coordinates":\[[^\]]*\]/, '"coordinates":[1e400,30]'), adds: 0 },
    // Impossible times and zones.
    one('hour-25', (f) => (f.properties.time.local = '2024-01-16T25:00:00+03:00')),
    one('second-60', (f) => (f.properties.time.local = '2024-01-16T21:00:60+03:00')),
    one('offset-99', (f) => (f.properties.time.local = '2024-01-16T21:00:00+99:99')),
    one('month-13', (f) => (f.properties.time.local = '2024-13-16T21:00:00+03:00')),
    ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((zone) =>
      one(`zone-${zone.replace(/_/g, '')}`, (f) => (f.properties.time = { ...f.properties.time, local: '2024-01-16', precision: 'day', zone })),
    ),
    one('year-0', (f) => ((f.properties.time.local = '0000-01-16T21:00:00+03:00'), delete f.properties.time.end), 1),
    one('year-9999', (f) => ((f.properties.time.local = '9999-12-31T21:00:00+03:00'), delete f.properties.time.end), 1),
    // Prototype pollution.
    { name: 'proto-top.geojson', text: `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},${json(collection([variant(base, 'proto-top-event')])).slice(1)}`, adds: 1 },
    { name: 'proto-properties.geojson', text: json(collection([variant(base, 'proto-props-event')])).replace('"properties":{', '"properties":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},'), adds: 1 },
    one('layer-proto', (f) => (f.properties.layer = '__proto__')),
    one('layer-constructor', (f) => (f.properties.layer = 'constructor'), 1),
    { name: 'source-proto.geojson', text: json(collection([variant(base, 'source-proto-event')])).replace(/"sources":\[\{"id":"[^"]+"/, '"sources":[{"id":"__proto__"'), adds: 0 },
    // Script-laden strings: shown as text, links only when http(s).
    ...SCRIPT_PAYLOADS.map((payload, i) =>
      one(
        `markup-${i}`,
        (f) => {
          const p = f.properties;
          p.title = p.place = p.location.note = payload;
          p.layerTitle = payload;
          p.actors = [payload];
          p.claims[0].statement = p.claims[0].by = payload;
          p.claims[0].topic = payload;
        },
        1,
      ),
    ),
    one('source-javascript-url', (f) => everySource(f, f.properties.claims[0].sources[0].id, (s) => (s.url = SCRIPT_PAYLOADS[3]))),
    one('source-data-url', (f) => everySource(f, f.properties.location.sources[0].id, (s) => (s.archiveUrl = 'data:text/html,<script>window.__pwned=1</script>'))),
    one('source-two-records', (f) => (f.properties.claims[0].sources[0] = { ...f.properties.claims[0].sources[0], title: 'Another title' }), 1),
    one('formulas', (f) => ((f.properties.title = FORMULAS[0]), (f.properties.place = FORMULAS[1]), (f.properties.actors = FORMULAS)), 1),
    // Odd but valid: must not break the map, the panel or the camera.
    one('north-pole', (f) => (f.geometry.coordinates = [0, 90]), 1),
    one('south-pole', (f) => (f.geometry.coordinates = [180, -90]), 1),
    one('huge-radius', (f) => (f.properties.location.radiusM = 1e12), 1),
    one('tiny-radius', (f) => (f.properties.location.radiusM = 1e-9), 1),
    one('same-source-twice', (f) => f.properties.claims[0].sources.push(f.properties.claims[0].sources[0]), 1),
    ...['relations', 'land', 'sea', 'places', 'kerman-explosions-precision', 'ev-kerman-explosions', 'online'].map((layer) =>
      one(`layer-${layer}`, (f) => ((f.properties.layer = layer), (f.properties.layerTitle = `Layer ${layer}`)), 1),
    ),
    one('layer-title-object', (f) => ((f.properties.layer = 'title-object'), (f.properties.layerTitle = { toString: 1, valueOf: 1 })), 1),
    one('layer-title-array', (f) => ((f.properties.layer = 'title-array'), (f.properties.layerTitle = ['a'])), 1),
    {
      name: 'antipodal.geojson',
      text: json(
        collection([variant(base, 'antipode-a', (f) => (f.geometry.coordinates = [0, 0])), variant(base, 'antipode-b', (f) => (f.geometry.coordinates = [180, 0]))], {
          relations: [{ ...structuredClone(base.relations[0]), id: 'rel-antipodes', from: 'antipode-a', to: 'antipode-b' }],
        }),
      ),
      adds: 2,
    },
    // The current form, with its source catalogue.
    catalogued('catalogue-valid', () => {}, 1),
    catalogued('catalogue-javascript-url', (sources, f) => {
      const s = sources.find((x) => x.id === f.properties.claims[0].sources[0])!;
      s.url = SCRIPT_PAYLOADS[3];
    }),
    catalogued('catalogue-two-records', (sources) => sources.push({ ...sources[0], title: 'Another title' }), 1),
    catalogued('catalogue-missing-source', (sources, f) => sources.splice(sources.findIndex((x) => x.id === f.properties.location.sources[0]), 1)),
    catalogued('catalogue-proto', (sources, f) => {
      sources[0].id = '__proto__';
      f.properties.location.sources = ['__proto__'];
    }),
    catalogued('catalogue-null-entries', (sources) => (sources as unknown[]).push(null, 5, 'x', { id: {} }), 1),
    {
      name: 'catalogue-object.geojson',
      text: json({ ...JSON.parse(catalogued('catalogue-object', () => {}).text as string), sources: { 'iran-strike-erbil': 1 } }),
      adds: 0,
    },
    // Large: generated here, never stored.
    one('mega-id', (f) => (f.id = `a${mega}`)),
    one('mega-strings', (f) => {
      const p = f.properties;
      p.title = p.place = p.location.note = p.layerTitle = mega;
      p.actors = [mega];
      p.claims[0].statement = p.claims[0].by = mega;
    }, 1),
    {
      name: 'many-features.geojson',
      text: json(
        collection(
          Array.from({ length: many }, (_, i) =>
            variant(base, `many-${i}`, (f) => {
              f.geometry.coordinates = [40 + (i % 30), 25 + Math.floor(i / 100) / 10];
              f.properties.claims = f.properties.claims.slice(0, 1);
            }),
          ),
        ),
      ),
      adds: many,
    },
    ...otherFormats(),
  ];
  return files;
}

/** Markup as XML text: what a KML file would carry inside an element. */
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const kmlDoc = (body: string, prolog = '') => `<?xml version="1.0" encoding="UTF-8"?>${prolog}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`;
const placemark = (name: string, description: string, coords = '57.08,30.28') => `<Placemark><name>${name}</name><description>${description}</description><Point><coordinates>${coords}</coordinates></Point></Placemark>`;
const ACLED_HEADER = 'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,timestamp';
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Hostile files in the other formats the import reads: KML, KMZ, CSV (ACLED and others), GeoJSON without the app's properties, uMap, TimeMap. */
function otherFormats(): HostileFile[] {
  const payloads = SCRIPT_PAYLOADS.join(' ');
  return [
    { name: 'kml-markup.kml', text: kmlDoc(placemark(xmlText(SCRIPT_PAYLOADS[0]), `<![CDATA[${payloads}<a href="javascript:alert(1)">x</a>]]>`) + placemark('second', xmlText(SCRIPT_PAYLOADS[2]), '44.0,36.2,1200')), adds: 2 },
    { name: 'network-link.kml', text: kmlDoc('<NetworkLink><Link><href>javascript:alert(1)</href></Link></NetworkLink>'), adds: 0 },
    { name: 'not-kml.kml', text: '<html><body><script>window.__pwned=1</script></body></html>', adds: 0 },
    { name: 'broken.kml', text: kmlDoc(placemark('a', 'b')).slice(0, 120), adds: 0 },
    // An external entity is never fetched: the placemark is added with the entity left unresolved.
    { name: 'external-entity.kml', text: kmlDoc(placemark('&xxe;', 'x'), '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), adds: 1 },
    { name: 'projected.kml', text: kmlDoc(placemark('far', 'x', '6354800,3538000')), adds: 0 },
    { name: 'not-a-zip.kmz', text: Buffer.from('PK\u0003\u0004 this is not a zip archive'), adds: 0 },
    { name: 'acled-hostile.csv', text: [ACLED_HEADER, ['IRN9001', '2024-01-03', '2024', '1', 'Political violence', 'Battles', 'Armed clash', SCRIPT_PAYLOADS[0], FORMULAS[0], 'Iran', 'Kerman', SCRIPT_PAYLOADS[1], '30.28', '57.08', '1', `${SCRIPT_PAYLOADS[3]}; ${FORMULAS[1]}`, payloads, '-5', 'x'].map(csvCell).join(','), ['IRN9002', 'soon', '', '9', '', '', '', '', '', '', '', '', '95', '57', '7', '', '', 'many', ''].map(csvCell).join(',')].join('\n'), adds: 1 },
    { name: 'ragged.csv', text: 'name,lat,lon\n"unclosed,30,57\nok,30.1,57.1,extra\n', adds: 0 },
    { name: 'plain-hostile.geojson', text: json({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[57, 30], [57.1, 30], [57.1, 30.1], [57, 30]]] }, properties: { name: SCRIPT_PAYLOADS[0], description: SCRIPT_PAYLOADS[1], source: SCRIPT_PAYLOADS[3], date: '2024-13-45', ['__proto__']: { polluted: 1 } } }, { type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 30] }, properties: {} }] }), adds: 1 },
    { name: 'projected.geojson', text: json({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [6354800, 3538000] }, properties: { name: 'far' } }] }), adds: 0 },
    { name: 'hostile.umap', text: json({ type: 'umap', properties: { name: SCRIPT_PAYLOADS[0] }, layers: [{ type: 'FeatureCollection', _umap_options: { name: SCRIPT_PAYLOADS[1] }, features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [44, 36] }, properties: { name: SCRIPT_PAYLOADS[2] } }] }, null, 5] }), adds: 1 },
    { name: 'timemap-events.json', text: json([{ id: SCRIPT_PAYLOADS[1], description: payloads, date: '13/45/2024', latitude: '30.2', longitude: '57.1', sources: [SCRIPT_PAYLOADS[0]] }, { id: 'no-place', description: 'x', date: '01/01/2024', latitude: '', longitude: '' }]), adds: 1 },
  ];
}

/** Hostile query strings for the page URL. Each must leave a message (or an empty-list note) and a working map. */
export const HOSTILE_URLS: string[] = [
  ...SCRIPT_PAYLOADS.map((p) => `?feature=${encodeURIComponent(p)}`),
  `?relation=${encodeURIComponent(SCRIPT_PAYLOADS[1])}`,
  `?story=${encodeURIComponent(SCRIPT_PAYLOADS[0])}`,
  `?hide=${encodeURIComponent(SCRIPT_PAYLOADS[2])}`,
  `?hideActor=${encodeURIComponent(SCRIPT_PAYLOADS[0])}`,
  `?q=${encodeURIComponent(SCRIPT_PAYLOADS[1])}`,
  '?feature=no-such-event',
  '?feature=__proto__',
  '?feature=constructor',
  '?story=toString',
  '?relation=hasOwnProperty',
  '?hide=__proto__&hide=constructor',
  `?feature=${'a'.repeat(100_000)}`,
  `?q=${'q'.repeat(100_000)}`,
  `?${Array.from({ length: 2000 }, (_, i) => `hide=layer-${i}`).join('&')}`,
  `?${Array.from({ length: 2000 }, (_, i) => `hideActor=actor-${i}`).join('&')}`,
  '?feature=iran-strike-erbil&feature=iran-strike-idlib',
  '?feature=iran-strike-erbil%2520',
  '?feature=iran%252Dstrike%252Derbil',
  '?from=2024-01-20T00:00Z&to=2024-01-01T00:00Z',
  '?from=abc&to=def',
  '?from=2024-01-05',
  '?to=2024-01-05',
  '?from=-99999999999999&to=99999999999999',
  '?from=0001-01-01T00:00Z&to=0001-01-02T00:00Z',
  '?map=abc',
  '?map=99/0/0',
  '?map=1/2/3/4',
  '?map=//',
  '?map=5/NaN/Infinity',
  '?feature=%E0%A4%A&q=%',
  // Atlases the app must not open, or cannot: each leaves the atlas shown as it is, with a message.
  `?atlas=${encodeURIComponent(SCRIPT_PAYLOADS[3])}`,
  `?atlas=${encodeURIComponent('data:application/json,{"schemaVersion":1}')}`,
  `?atlas=${encodeURIComponent('https://evil.example/atlas.json')}&feature=iran-strike-erbil`,
  `?atlas=${encodeURIComponent('file:///etc/passwd')}`,
  `?atlas=${'a'.repeat(5000)}`,
  '?atlas=%E0%A4%A',
  '?atlas=no-such-atlas.json',
  `?atlas=${encodeURIComponent('//evil.example/atlas.json')}`,
  `?feature=${encodeURIComponent(SCRIPT_PAYLOADS[0])}&relation=constructor&story=__proto__&from=x&to=y&hide=__proto__&hideActor=${encodeURIComponent(SCRIPT_PAYLOADS[1])}&map=a/b/c`,
];

/** A basemap style served in place of the Streets style (or a URL typed as a custom basemap), with what the app must do. */
export interface HostileStyle {
  name: string;
  /** Typed into the custom basemap field; without it, the body is served as the Streets style. */
  customUrl?: string;
  status?: number;
  body?: string;
}

const STREETS_ORIGIN = 'https://tiles.openfreemap.org';
const validStyle = (change: (s: AnyJson) => void = () => {}) => {
  const style: AnyJson = {
    version: 8,
    sources: { omt: { type: 'vector', tiles: [`${STREETS_ORIGIN}/tiles/{z}/{x}/{y}.pbf`], attribution: 'OpenFreeMap' } },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eeeeee' } }, { id: 'water', type: 'fill', source: 'omt', 'source-layer': 'water' }],
  };
  change(style);
  return JSON.stringify(style);
};

export const HOSTILE_STYLES: HostileStyle[] = [
  { name: 'custom javascript: URL', customUrl: SCRIPT_PAYLOADS[3] },
  { name: 'custom data: URL', customUrl: 'data:application/json,{"version":8,"sources":{},"layers":[]}' },
  { name: 'custom file: URL', customUrl: 'file:///etc/passwd' },
  { name: 'custom other origin', customUrl: 'https://evil.example/style.json' },
  { name: 'custom empty', customUrl: '   ' },
  { name: 'custom not a URL', customUrl: 'not a url at all' },
  { name: 'unreachable', status: 500, body: 'server error' },
  { name: 'HTML, not JSON', body: '<html><script>window.__pwned=1</script></html>' },
  { name: 'JSON, not a style', body: '{"hello":"world"}' },
  { name: 'version 7', body: validStyle((s) => (s.version = 7)) },
  { name: 'invalid source', body: validStyle((s) => (s.sources.omt = { type: 'nope' })) },
  { name: 'layer without its source', body: validStyle((s) => (s.layers[1].source = 'missing')) },
  { name: 'invalid layer type', body: validStyle((s) => (s.layers[1].type = 'hologram')) },
  { name: 'tiles at javascript:', body: validStyle((s) => (s.sources.omt.tiles = [SCRIPT_PAYLOADS[3]])) },
  { name: 'tiles at another origin', body: validStyle((s) => (s.sources.omt.tiles = ['https://evil.example/{z}/{x}/{y}.pbf'])) },
  { name: 'TileJSON at data:', body: validStyle((s) => (s.sources.omt = { type: 'vector', url: 'data:application/json,{}' })) },
  { name: 'sprite at data:', body: validStyle((s) => (s.sprite = 'data:image/png;base64,AAAA')) },
  { name: 'glyphs at another origin', body: validStyle((s) => (s.glyphs = 'https://evil.example/{fontstack}/{range}.pbf')) },
  { name: 'GeoJSON at another origin', body: validStyle((s) => ((s.sources.gj = { type: 'geojson', data: 'https://evil.example/x.geojson' }), s.layers.push({ id: 'gj', type: 'circle', source: 'gj' }))) },
  // Valid, but with markup in the attribution and ids that collide with the app's own: the data layers must stay.
  {
    name: 'markup attribution and colliding ids',
    body: validStyle((s) => {
      s.sources.omt.attribution = SCRIPT_PAYLOADS[0];
      s.sources['ev-iran-strikes'] = s.sources.omt;
      s.layers.push({ id: 'iran-strikes--points', type: 'fill', source: 'ev-iran-strikes', 'source-layer': 'water' });
    }),
  },
];
