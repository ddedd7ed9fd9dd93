import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/data/csv';
import { buildExport, DEFAULT_EXPORT_NAME, serializeExport } from '../../src/lib/data/export';
import { importExport } from '../../src/lib/data/import';
import { toKml } from '../../src/lib/data/kml';
import { textDirection } from '../../src/lib/data/lang';
import { ianaZone } from '../../src/lib/data/time';
import { makeAtlas, makeFeature, wire } from './fixtures';

describe('what an export takes from the atlas', () => {
  it('is named after the atlas when the app gives its title, generically otherwise', () => {
    expect(buildExport(makeAtlas()).name).toBe(DEFAULT_EXPORT_NAME);
    expect(buildExport(makeAtlas(), undefined, 'Floods of 2024').name).toBe('Floods of 2024');
  });

  it('writes the IANA zone behind each abbreviation its times use, and a reader declares them', () => {
    const day = makeFeature({ time: { local: '2024-01-16', precision: 'day', approximate: false, zone: 'PKT', sources: [wire.id] } });
    const out = buildExport(makeAtlas([day]));
    expect(out.timeZones).toEqual({ PKT: 'Asia/Karachi' });
    // A file from another atlas declares its own abbreviation, which then places its day.
    const foreign = JSON.parse(serializeExport(out));
    foreign.timeZones = { WIB: 'Asia/Jakarta' };
    foreign.features[0].properties.time.zone = 'WIB';
    expect(ianaZone('WIB')).toBeUndefined();
    const back = importExport('foreign.geojson', foreign);
    expect(back.problems).toEqual([]);
    expect(ianaZone('WIB')).toBe('Asia/Jakarta');
  });

  it('keeps titles in other languages, and reads the titleFa of older files as the Persian one', () => {
    const f = makeFeature({ titles: { fa: 'کرمان', de: 'Kerman (Stadt)' } });
    const text = serializeExport(buildExport(makeAtlas([f])));
    expect(importExport('x.geojson', JSON.parse(text)).atlas.features[0].properties.titles).toEqual({ fa: 'کرمان', de: 'Kerman (Stadt)' });
    const old = JSON.parse(text);
    delete old.features[0].properties.titles;
    old.features[0].properties.titleFa = 'کرمان';
    const read = importExport('old.geojson', old).atlas.features[0].properties;
    expect(read.titles).toEqual({ fa: 'کرمان' });
    expect(read).not.toHaveProperty('titleFa');
    expect(toCsv(makeAtlas([f]), [f])).toContain('fa: کرمان; de: Kerman (Stadt)');
    expect(toKml(makeAtlas([f]), [f], 'x')).toContain('dir="rtl" lang="fa"');
  });

  it('writes each language in its own direction', () => {
    expect(textDirection('fa')).toBe('rtl');
    expect(textDirection('ar-EG')).toBe('rtl');
    expect(textDirection('he')).toBe('rtl');
    expect(textDirection('de')).toBe('ltr');
    expect(textDirection('not a tag!')).toBe('ltr');
  });
});
