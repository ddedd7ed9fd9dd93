import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../scripts/import-seed';
import { assignIds, baseSourceId, citedSourceIds, guessType, mergeCatalog, refToDraft, slug, type DraftSource } from '../../scripts/lib/seed-catalog';
import { cleanWikiValue, normaliseDate, parseRefs } from '../../scripts/lib/wikitext-refs';
import type { Source } from '../../src/lib/data/schema';
import { toMojibake } from '../fixtures/seed/make-mojibake';

const FIXTURES = join(import.meta.dirname, '../fixtures/seed');
const readFixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

describe('parseRefs', () => {
  it('finds every definition in the fixture article, skipping the one inside a comment', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    expect(refs.map((r) => r.url)).toEqual([
      'https://example.org/wire/blast-reported',
      'http://example.org/paper/figure/',
      'https://example.org/fa/news/12345/report',
      'https://example.org/fa/news/67890/breaking',
      'https://twitter.com/ExampleMinistry/status/1742591440184541322',
      'https://example.org/wire/blast-update',
      'https://example.org/bare/page',
      undefined,
      'https://example.org/old/story',
    ]);
  });

  it('counts a named ref once for its definition and once per reuse, whatever the quoting and case', async () => {
    const { refs, reuses, undefinedNames } = parseRefs(await readFixture('article.wiki'));

    expect(refs.find((r) => r.name === 'wire1')?.uses).toBe(3);
    expect(refs.find((r) => r.name === 'paper1')?.uses).toBe(2);
    expect(reuses).toBe(3);
    expect(undefinedNames).toEqual([]);
  });

  it('reports a reuse of a name that is never defined', () => {
    const { refs, reuses, undefinedNames } = parseRefs('Text.<ref name="ghost" />');

    expect(refs).toEqual([]);
    expect(reuses).toBe(0);
    expect(undefinedNames).toEqual(['ghost']);
  });

  it('builds a cite tweet URL from user and number', () => {
    const { refs } = parseRefs('<ref>{{Cite tweet |user=SomeOffice |number=123456789012345678 |title=Hello.}}</ref>');

    expect(refs[0]).toMatchObject({ template: 'cite tweet', user: 'SomeOffice', number: '123456789012345678', url: 'https://twitter.com/SomeOffice/status/123456789012345678' });
  });

  it('does not split a parameter on a | inside a nested template or a wiki link', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    expect(refs[1]).toMatchObject({ title: 'Officials give a figure | Update نسخه', website: 'The Example Times', date: '2024-01-04' });
    expect(refs[0]).toMatchObject({ publisher: 'Example Wire', title: 'Example blast reported in city centre' });
  });

  it('reads a hand-written ref: link label as title, wiki link as publisher', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    expect(refs[6].template).toBeUndefined();
    expect(refs[6]).toMatchObject({ url: 'https://example.org/bare/page', title: 'Example bare page', publisher: 'Example Gazette' });
  });
});

describe('cleanWikiValue', () => {
  it('strips links, italics and tags and decodes entities', () => {
    expect(cleanWikiValue("''[[Example Post|The Example Post]]''")).toBe('The Example Post');
    expect(cleanWikiValue('A &#124; B&nbsp;<br/>C')).toBe('A | B C');
  });
});

describe('normaliseDate', () => {
  it.each([
    ['3 January 2024', '2024-01-03'],
    ['January 3, 2024', '2024-01-03'],
    ['2024-01-03', '2024-01-03'],
    ['3 Jan 2024', '2024-01-03'],
    ['Sept 9, 2023', '2023-09-09'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it.each(['January 2024', '30 February 2024', 'spring 2024', ''])('gives up on "%s"', (input) => {
    expect(normaliseDate(input)).toBeUndefined();
  });
});

const draft = (overrides: Partial<DraftSource> = {}): DraftSource => ({
  publisher: 'Example Wire',
  title: 'Example blast reported in city centre',
  published: '2024-01-03',
  url: 'https://example.org/a',
  language: 'en',
  type: 'wire',
  ...overrides,
});

describe('stable ids', () => {
  it('slugs to lower-case ASCII without diacritics', () => {
    expect(slug('  Türkiye’s Café — 24/7 ')).toBe('turkiye-s-cafe-24-7');
  });

  it('joins publisher, date and the first four title words', () => {
    expect(baseSourceId(draft())).toBe('example-wire-2024-01-03-example-blast-reported-in');
    expect(baseSourceId(draft({ published: undefined, title: 'Panic grips Koh-i-Sabz' }))).toBe('example-wire-panic-grips-koh-i');
  });

  it('uses the URL path when the title has no ASCII words', () => {
    const persian = draft({ publisher: 'Example Daily', title: 'گزارش از کرمان', url: 'https://example.org/fa/news/12345/%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4' });

    expect(baseSourceId(persian)).toBe('example-daily-2024-01-03-fa-news-12345');
  });

  it('numbers collisions -2, -3 in order of appearance, counting existing ids as taken', () => {
    const ids = assignIds([draft({ url: 'https://example.org/1' }), draft({ url: 'https://example.org/2' }), draft({ url: 'https://example.org/3' })], ['example-wire-2024-01-03-example-blast-reported-in-2']);

    expect(ids.map((s) => s.id)).toEqual([
      'example-wire-2024-01-03-example-blast-reported-in',
      'example-wire-2024-01-03-example-blast-reported-in-3',
      'example-wire-2024-01-03-example-blast-reported-in-4',
    ]);
  });
});

describe('refToDraft', () => {
  it('keeps the title as published, not the translation', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    const { draft: persian } = refToDraft(refs[2], 2);

    expect(persian).toEqual({ publisher: 'Example Persian Daily', title: 'گزارش خبرنگار ما از کرمان', published: '2024-01-05', url: 'https://example.org/fa/news/12345/report', language: 'fa', type: 'newspaper' });
  });

  it('dates a tweet from its status number and notes the guess', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    const { draft: tweet, notes } = refToDraft(refs[4], 4);

    expect(tweet).toMatchObject({ publisher: '@ExampleMinistry', published: '2024-01-03' });
    expect(notes.map((n) => n.kind)).toContain('date-from-tweet-id');
  });

  it('leaves out a ref without a URL, saying why', async () => {
    const { refs } = parseRefs(await readFixture('article.wiki'));

    const { draft: book, notes } = refToDraft(refs[7], 7);

    expect(book).toBeUndefined();
    expect(notes).toEqual([expect.objectContaining({ kind: 'no-url' })]);
  });
});

describe('guessType', () => {
  it.each([
    ['Associated Press', 'wire'],
    ['Al Jazeera English', 'broadcaster'],
    ['Tasnim News Agency', 'state-media'],
    ['khamenei.ir', 'government'],
    ['The Washington Post', 'newspaper'],
    ['Wikipedia', 'encyclopedia'],
  ])('%s is %s', (publisher, type) => {
    expect(guessType(publisher)).toEqual({ type, guessed: false });
  });

  it('falls back to newspaper and says it guessed', () => {
    expect(guessType('Example Gazette')).toEqual({ type: 'newspaper', guessed: true });
  });
});

describe('mergeCatalog', () => {
  const existing: Source = { id: 'kept-id', publisher: 'Example Times', title: 'Old title', url: 'https://example.org/story', language: 'en', type: 'newspaper' };

  it('matches by URL ignoring scheme and trailing slash, keeps the id and fields, adds the archive URL', () => {
    const seed = draft({ title: 'New title', url: ' http://example.org/story/ ', archiveUrl: 'https://web.archive.org/web/1/https://example.org/story' });

    const result = mergeCatalog([existing], [seed]);

    expect(result.sources).toEqual([{ ...existing, archiveUrl: 'https://web.archive.org/web/1/https://example.org/story' }]);
    expect(Object.keys(result.sources[0])).toEqual(['id', 'publisher', 'title', 'url', 'archiveUrl', 'language', 'type']);
    expect(result.updated.map((s) => s.id)).toEqual(['kept-id']);
    expect(result.added).toEqual([]);
  });

  it('adds new URLs once, sorted by id, and keeps entries the seed does not mention', () => {
    const other: Source = { ...existing, id: 'a-first', url: 'https://example.org/elsewhere' };
    const seed = [draft({ url: 'https://example.org/new' }), draft({ title: 'Same link, other headline', url: 'https://example.org/new/' })];

    const result = mergeCatalog([existing, other], seed);

    expect(result.sources.map((s) => s.id)).toEqual(['a-first', 'example-wire-2024-01-03-example-blast-reported-in', 'kept-id']);
    expect(result.untouched.map((s) => s.id)).toEqual(['kept-id', 'a-first']);
    expect(result.sameUrl).toEqual([{ url: 'https://example.org/new', kept: 'Example blast reported in city centre', others: ['Same link, other headline'] }]);
  });
});

describe('citedSourceIds', () => {
  it('collects time, location and claim sources of layer features and the places’ source', async () => {
    const cited = citedSourceIds({
      layerFiles: [JSON.parse(await readFixture('geodata/events.geojson'))],
      places: JSON.parse(await readFixture('geodata/basemap-places.geojson')),
    });

    expect([...cited].sort()).toEqual(['example-times-figure', 'example-wire-old-story', 'not-in-seed']);
  });
});

describe('runImport', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('repairs, parses, merges into the catalog and reports what no fact uses yet', async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-seed-'));
    await cp(join(FIXTURES, 'geodata'), dir, { recursive: true });
    await cp(join(FIXTURES, 'catalog.json'), join(dir, 'sources.json'));
    await writeFile(join(dir, 'seed.txt'), toMojibake(await readFixture('article.wiki')), 'utf8');
    const lines: string[] = [];

    const report = await runImport({ seedPath: join(dir, 'seed.txt'), catalogPath: join(dir, 'sources.json'), log: (l) => lines.push(l) });

    expect(report).toMatchObject({ refs: 9, reuses: 3, unrecoverable: 1, repaired: true, written: true });
    expect(report.added.map((s) => s.id)).toEqual([
      'example-wire-2024-01-03-example-blast-reported-in',
      'example-persian-daily-2024-01-05-fa-news-12345-report',
      'example-persian-daily-2024-01-06-fa-news-67890-breaking',
      'exampleministry-2024-01-03-a-short-message-of',
      'example-wire-2024-01-03-example-blast-reported-in-2',
      'example-gazette-example-bare-page',
    ]);
    expect(report.updated.map((s) => s.id)).toEqual(['example-times-figure']);
    expect(report.matched.map((s) => s.id)).toEqual(['example-wire-old-story']);
    expect(report.untouched.map((s) => s.id)).toEqual(['not-in-seed']);

    const written = await readFile(join(dir, 'sources.json'), 'utf8');
    const catalog = JSON.parse(written) as { sources: Source[] };
    expect(written.endsWith('}\n')).toBe(true);
    expect(written).toContain('"title": "گزارش خبرنگار ما از کرمان"');
    expect(catalog.sources.map((s) => s.id)).toEqual([...catalog.sources.map((s) => s.id)].sort());
    expect(catalog.sources.find((s) => s.id === 'example-times-figure')).toEqual({
      id: 'example-times-figure',
      publisher: 'The Example Times',
      title: 'Officials give a figure',
      published: '2024-01-04',
      url: 'https://example.org/paper/figure',
      archiveUrl: 'https://web.archive.org/web/20240104090000/https://example.org/paper/figure',
      language: 'en',
      type: 'newspaper',
    });
    expect(catalog.sources.find((s) => s.id === 'example-persian-daily-2024-01-06-fa-news-67890-breaking')?.title).toBe('خبر \uFFFDوری از کرمان');

    expect(report.uncited.map((s) => s.id)).toEqual([...report.added.map((s) => s.id)].sort());
    expect(lines).toContain('refs no fact uses yet (6):');
    expect(lines.some((l) => l.includes('"@ExampleMinistry" is in no type table row; guessed "newspaper"'))).toBe(true);
  });

  it('writes nothing on a dry run and gives the same ids when run twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-seed-'));
    await cp(join(FIXTURES, 'geodata'), dir, { recursive: true });
    await cp(join(FIXTURES, 'catalog.json'), join(dir, 'sources.json'));
    await writeFile(join(dir, 'seed.txt'), toMojibake(await readFixture('article.wiki')), 'utf8');
    const options = { seedPath: join(dir, 'seed.txt'), catalogPath: join(dir, 'sources.json'), log: () => {} };

    const dry = await runImport({ ...options, dryRun: true });
    expect(await readFile(join(dir, 'sources.json'), 'utf8')).toBe(await readFixture('catalog.json'));
    await runImport(options);
    const second = await runImport(options);

    expect(dry.written).toBe(false);
    expect(second.added).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.matched.map((s) => s.id).sort()).toEqual([...dry.added.map((s) => s.id), 'example-times-figure', 'example-wire-old-story'].sort());
  });
});
