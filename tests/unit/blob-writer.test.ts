import { describe, expect, it } from 'vitest';
import { blobInSteps, BlobWriter } from '../../src/lib/data/blob-writer';
import { STEP } from '../../src/lib/data/steps';

describe('text written into a Blob in steps', () => {
  it('keeps every character, across buffer hand-offs and pieces larger than the buffer', async () => {
    const pieces = [
      ...Array.from({ length: 40_000 }, (_, i) => `{"id":"event-${i}","title":"انفجار در کرمان — ${i} 🇮🇷"},`),
      // Over three million UTF-16 units: more than the 8 MB buffer can take at three bytes each.
      'x'.repeat(3_000_000),
      'قبرستان شهدا',
    ];
    const writer = new BlobWriter();
    for (const p of pieces) writer.write(p);
    const blob = writer.blob();
    expect(await blob.text()).toBe(pieces.join(''));
    expect(blob.size).toBe(new TextEncoder().encode(pieces.join('')).length);
  });

  it('writes an empty list as an empty Blob', async () => {
    expect((await blobInSteps([], String)).size).toBe(0);
  });

  it('hands the thread back between steps and keeps the order', async () => {
    const items = Array.from({ length: STEP * 3 + 1 }, (_, i) => i);
    // A task queued before the export starts runs at the first hand-back: after the first step, before the second.
    let current = -1;
    let ranAt: number | undefined;
    const other = new MessageChannel();
    other.port1.onmessage = () => {
      ranAt = current;
      other.port1.close();
    };
    other.port2.postMessage(null);
    const blob = await blobInSteps(items, (n, i) => ((current = i), `${n}:${i};`));
    expect(await blob.text()).toBe(items.map((n, i) => `${n}:${i};`).join(''));
    expect(ranAt).toBe(STEP - 1);
  });
});
