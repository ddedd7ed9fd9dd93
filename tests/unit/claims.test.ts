import { describe, expect, it } from 'vitest';
import { formatFigure, groupClaims, independentSourceCount, originatorsOf, topicLabel } from '../../src/lib/data/claims';
import type { Claim, Originator, Source } from '../../src/lib/data/schema';
import { makeAtlas } from './fixtures';

const claim = (over: Partial<Claim>): Claim => ({ id: 'c', topic: 'deaths', statement: 's', by: 'b', date: '2024-01-03', status: 'claimed', sources: [], ...over });

describe('groupClaims', () => {
  it('puts claims about one quantity together, oldest first, and names the latest official one', () => {
    const groups = groupClaims([
      claim({ id: 'late', value: 94, date: '2024-01-11', official: true }),
      claim({ id: 'injured', topic: 'injured', value: 284 }),
      claim({ id: 'early', value: 103, date: '2024-01-03', official: true }),
      claim({ id: 'press', value: 95, date: '2024-01-12' }),
    ]);
    expect(groups.map((g) => g.topic)).toEqual(['deaths', 'injured']);
    expect(groups[0].claims.map((c) => c.id)).toEqual(['early', 'late', 'press']);
    expect(groups[0].latestOfficial?.id).toBe('late');
    expect(groups[0].contested).toBe(true);
    expect(groups[1].contested).toBe(false);
  });

  it('names no latest official figure when the latest day has official figures that differ, since which came last is not known', () => {
    const groups = groupClaims([
      claim({ id: 'seven', value: 7, date: '2024-01-18', official: true, status: 'superseded' }),
      claim({ id: 'nine', value: 9, date: '2024-01-18', official: true }),
      claim({ id: 'ten', value: 10, date: '2024-01-18', official: true }),
      claim({ id: 'local', value: 10, date: '2024-01-18' }),
    ]);
    expect(groups[0].latestOfficial).toBeUndefined();
    expect(groups[0].contested).toBe(true);
    // The same day's figures agreeing (a superseded one aside): that one is named.
    const agreed = groupClaims([claim({ id: 'seven', value: 7, date: '2024-01-18', official: true, status: 'superseded' }), claim({ id: 'nine', value: 9, date: '2024-01-18', official: true }), claim({ id: 'nine-again', value: 9, date: '2024-01-18', official: true })]);
    expect(agreed[0].latestOfficial?.id).toBe('nine-again');
  });

  it('names no latest official figure for statements without figures, official or not', () => {
    const groups = groupClaims([
      claim({ id: 'blame', topic: 'blame', official: true, status: 'disputed', date: '2024-01-05' }),
      claim({ id: 'denial', topic: 'blame', official: true, date: '2024-01-04' }),
    ]);
    expect(groups[0].contested).toBe(true);
    expect(groups[0].latestOfficial).toBeUndefined();
  });

  it('does not say sources disagree over a disputed claim alone in its group (its own line says it is disputed)', () => {
    expect(groupClaims([claim({ id: 'motive', topic: 'motive', status: 'disputed' })])[0].contested).toBe(false);
    expect(groupClaims([claim({ id: 'motive', topic: 'motive', status: 'disputed' }), claim({ id: 'other', topic: 'motive' })])[0].contested).toBe(true);
  });

  it('does not call figures that one value fits contested: a best estimate inside its own range, a lower bound under a count', () => {
    const ucdp = groupClaims([claim({ id: 'best', value: 2, unit: 'people' }), claim({ id: 'range', value: 0, valueMax: 3, unit: 'people' })]);
    expect(ucdp[0].contested).toBe(false);
    expect(groupClaims([claim({ value: 84, qualifier: 'at-least' }), claim({ id: 'd', value: 95 })])[0].contested).toBe(false);
    expect(groupClaims([claim({ value: 100, qualifier: 'up-to' }), claim({ id: 'd', value: 0, valueMax: 3 })])[0].contested).toBe(false);
    // No one value fits: a point outside a range, more than 84 against 84, two units.
    expect(groupClaims([claim({ value: 4 }), claim({ id: 'd', value: 0, valueMax: 3 })])[0].contested).toBe(true);
    expect(groupClaims([claim({ value: 84, qualifier: 'more-than' }), claim({ id: 'd', value: 84 })])[0].contested).toBe(true);
    expect(groupClaims([claim({ value: 3, unit: 'people' }), claim({ id: 'd', value: 3, unit: 'bodies' })])[0].contested).toBe(true);
  });

  it('calls a group contested when a claim is disputed even if figures agree', () => {
    expect(groupClaims([claim({ value: 5, status: 'disputed' }), claim({ id: 'd', value: 5 })])[0].contested).toBe(true);
  });
});

describe('independentSourceCount', () => {
  it('counts distinct non-party publishers only', () => {
    const { sources } = makeAtlas();
    expect(independentSourceCount(claim({ sources: ['wire-2024-01-04-toll-revised', 'ministry-2024-01-03-statement'] }), sources)).toBe(1);
    expect(independentSourceCount(claim({ sources: ['ministry-2024-01-03-statement'] }), sources)).toBe(0);
  });

  it('counts one agency story carried by several outlets once, and a state agency copy as a party', () => {
    const src = (id: string, publisher: string, originator?: string): Source => ({
      id, publisher, title: 't', url: `https://example.org/${id}`, language: 'en', type: 'newspaper', ...(originator ? { originator } : {}),
    });
    const sources = new Map([
      src('a', "Barron's", 'afp'),
      src('b', 'France 24', 'afp'),
      src('c', 'The Age', 'reuters'),
      src('d', 'Islam Times', 'tasnim'),
      src('e', 'Dawn'),
    ].map((s) => [s.id, s]));
    const originators = new Map<string, Originator>([
      ['afp', { id: 'afp', name: 'AFP', type: 'wire' }],
      ['reuters', { id: 'reuters', name: 'Reuters', type: 'wire' }],
      ['tasnim', { id: 'tasnim', name: 'Tasnim', type: 'state-media' }],
    ]);
    expect(independentSourceCount(claim({ sources: ['a', 'b'] }), sources, originators)).toBe(1);
    expect(independentSourceCount(claim({ sources: ['a', 'b', 'c', 'e'] }), sources, originators)).toBe(3);
    expect(independentSourceCount(claim({ sources: ['d'] }), sources, originators)).toBe(0);
    expect(originatorsOf(claim({ sources: ['a', 'b', 'd'] }), sources).size).toBe(2);
  });
});

describe('formatFigure and topicLabel', () => {
  it('writes ranges with an en dash and the unit', () => {
    expect(formatFigure(claim({ value: 1, unit: 'people' }))).toBe('1 person');
    expect(formatFigure(claim({ value: 1, valueMax: 2, unit: 'people' }))).toBe('1–2 people');
    expect(formatFigure(claim({ value: 94, valueMax: 95, unit: 'people' }))).toBe('94–95 people');
    expect(formatFigure(claim({ value: 2700, unit: 'm' }))).toBe('2,700 m');
    expect(formatFigure(claim({}))).toBeUndefined();
    expect(formatFigure(claim({ value: 300, qualifier: 'more-than', unit: 'people' }))).toBe('more than 300 people');
  });
  it('turns a topic id into a heading', () => {
    expect(topicLabel('distance-to-grave')).toBe('Distance to grave');
    expect(topicLabel('us-warning')).toBe('US warning');
    expect(topicLabel('un-response')).toBe('UN response');
    expect(topicLabel('who-is-behind')).toBe('Who is behind');
  });
});
