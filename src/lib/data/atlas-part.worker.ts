/// <reference lib="webworker" />
/**
 * A helper of an atlas load: reads and checks its share of the first layer files beside
 * the atlas worker (see `atlas-parts.ts`), and sends their features to the page itself,
 * so that they are never copied twice.
 */
import { readerOf, type AtlasSource } from './atlas-source';
import type { AtlasReply } from './atlas-client';
import { checkHelperPart, readHelperPart, sendChecked, type ToAtlasWorker, type ToHelper } from './atlas-parts';
import { Answers } from './line';
import { PieceSender, postReply, titlesOf, type ToWriter } from './send-pieces';
import { WriteGate } from './writer-holds';
import { declareZones } from './time';

const post: (msg: AtlasReply) => void = postReply;
/** What the page says about the export texts: when to write them, and when to hold. */
const gate = new WriteGate(self);

self.onmessage = async (e: MessageEvent<{ source: AtlasSource; line: MessagePort } | ToWriter>) => {
  if ('type' in e.data) return; // heard by `gate`
  const { source, line } = e.data;
  const tell = (msg: ToAtlasWorker) => line.postMessage(msg);
  try {
    const answers = new Answers<ToHelper>(line, 'the atlas worker');
    const { task } = await answers.next('task');
    if (!task) {
      post({ type: 'part-done', idle: true });
      return close();
    }
    declareZones(task.zones);
    const progress = (phase: 'reading' | 'checking', done: number, total: number) => post({ type: 'progress', phase, done, total, part: 1 });
    const part = await readHelperPart(readerOf(source), task, progress);
    tell({ type: 'read', seenIds: part.seenIds, named: part.named });
    const { seenIds: before } = await answers.next('before');
    const checked = checkHelperPart(task, part, before, progress);
    const sender = new PieceSender();
    const catalogue = { sources: new Map(task.sources.map((s) => [s.id, s])), originators: new Map(task.originators.map((o) => [o.id, o])) };
    sendChecked(sender, checked.features, catalogue, post, 1);
    const { named } = await answers.next('named');
    tell({ type: 'checked', summary: checked.summary(named) });
    post({ type: 'part-done' });
    // The page has this part's features: their export texts follow, unless the page stops this worker first.
    await sender.sendTexts(gate, post, 1, titlesOf(task.layers));
  } catch (err) {
    post({ type: 'failed', reason: (err as Error).message });
  }
};
