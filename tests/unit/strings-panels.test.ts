import { describe, expect, it } from 'vitest';
import { languageName, t } from '../../src/lib/ui/strings-panels';

describe('a source’s language, as a citation names it', () => {
  it('is the language’s English name, not its code', () => {
    expect(languageName('sco')).toBe('Scots');
    expect(languageName('af')).toBe('Afrikaans');
    expect(languageName('no')).toBe('Norwegian');
    expect(t.inLanguage('th')).toBe('in Thai');
    expect(t.inLanguage('fa')).toBe('in Persian');
  });

  it('is the code itself when no name is known or the tag is malformed', () => {
    expect(languageName('und')).toBe('und');
    expect(languageName('not a tag!')).toBe('not a tag!');
  });
});

describe('the originator of a republished source', () => {
  it('is a story’s agency, or the encyclopedia an article was copied from', () => {
    expect(t.via('Agence France-Presse', 'wire')).toBe('story by Agence France-Presse');
    expect(t.via('Wikipedia', 'encyclopedia')).toBe('copy of Wikipedia');
  });
});

describe('the count of an import’s problems in its summary', () => {
  it('says errors (items left out) and warnings (items kept) apart when there are warnings', () => {
    expect(t.importSummaryProblems(2)).toBe('2 problems');
    expect(t.importSummaryProblems(3, 1)).toBe('2 errors, 1 warning');
    expect(t.importSummaryProblems(2, 2)).toBe('2 warnings');
  });
});
