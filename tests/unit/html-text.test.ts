import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, looksLikeHtml } from '../../src/lib/data/formats/html-text';

describe('htmlToText: the HTML of a KML description as plain text', () => {
  it('gives blocks and line breaks lines of their own, list items a bullet, table cells a bar between them', () => {
    expect(htmlToText('<p>Aleppo, Damascus</p><ul><li>First</li><li>Second <b>bold</b></li></ul>Tail<br>next')).toBe('Aleppo, Damascus\n• First\n• Second bold\nTail\nnext');
    expect(htmlToText('<table><tr><th>Name</th><th>Deaths</th></tr><tr><td>Kerman</td><td>94</td></tr></table>')).toBe('Name | Deaths\nKerman | 94');
    expect(htmlToText('<div>  lots   of\n\n  space </div><h2>Head</h2>')).toBe('lots of space\nHead');
  });

  it('decodes entities, named, decimal and hexadecimal, and leaves unknown names as written', () => {
    expect(htmlToText('Tom &amp; Jerry &lt;3 &quot;q&quot; &#39;s&apos; caf&eacute; &#x2014; &#8211; &nbsp;x &bogus; &#0;')).toBe('Tom & Jerry <3 "q" \'s\' café — – x &bogus; \uFFFD');
    expect(decodeEntities('&lt;p&gt;')).toBe('<p>');
  });

  it('keeps a link’s address beside its words, once when the words are the address', () => {
    expect(htmlToText('Source: <a href="https://example.org/v1">video</a>')).toBe('Source: video (https://example.org/v1)');
    expect(htmlToText('<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>')).toBe('https://example.org/a?b=1&c=2');
    expect(htmlToText("see <a href='mailto:desk@example.org'>the desk</a>, <a href=https://x.example/p>unquoted</a>")).toBe('see the desk (mailto:desk@example.org), unquoted (https://x.example/p)');
    expect(htmlToText('<a href="https://example.org/empty"></a>')).toBe('https://example.org/empty');
    expect(htmlToText('<img src="https://example.org/photo.jpg" alt="Crater"> after')).toBe('Crater (https://example.org/photo.jpg) after');
  });

  it('leaves nothing of hostile markup that could run or be followed', () => {
    const hostile = [
      '<script>alert("x")</script>',
      '<SCRIPT type="text/javascript">document.cookie</SCRIPT >',
      '<style>body{background:url(javascript:alert(1))}</style>',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="  java\tscript:alert(1)">tab</a>',
      '<a href="data:text/html,<script>alert(1)</script>">data</a>',
      '<img src=x onerror="alert(1)">',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<!-- <script>alert(1)</script> -->',
      '<svg><script>alert(1)</script></svg>',
      '<template><img src=x onerror=alert(1)></template>',
    ].join(' ');
    const text = htmlToText(hostile);
    expect(text).toBe('click tab data');
    expect(text).not.toMatch(/[<>]|javascript|alert|cookie/i);
  });

  it('reads a "<" that starts no tag as text, and survives markup cut short', () => {
    expect(htmlToText('<p>casualties < 5, <3 and <= 2</p>')).toBe('casualties < 5, <3 and <= 2');
    expect(htmlToText('<p>cut <a href="https://example.org/x">in the mid')).toBe('cut in the mid (https://example.org/x)');
    expect(htmlToText('<p title="unterminated')).toBe('');
    expect(htmlToText('<script>never closed')).toBe('');
  });

  it('tells a description holding HTML from plain text', () => {
    expect(looksLikeHtml('<p>Aleppo</p>')).toBe(true);
    expect(looksLikeHtml('Tom &amp; Jerry')).toBe(true);
    expect(looksLikeHtml('casualties < 5, more > 3')).toBe(false);
    expect(looksLikeHtml('plain text\nwith lines')).toBe(false);
  });
});
