/**
 * A workbook's shared strings, read as far as the rows read so far need them (RULES.md R-F7).
 * A 200,000-row list has some 300,000 of them, which take about half a second to parse: read
 * lazily, the first rows show without waiting for all of them (strings are stored in the order
 * the sheets first use them). Each `<si>` is its text runs joined, phonetic guides (Japanese
 * `rPh`) left out.
 */
import type { Readable } from 'node:stream';
import parseSax from 'exceljs/lib/utils/parse-sax.js';
import { unescapeOoxml } from './workbook-cells.ts';

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: { name: string } | string;
}

export class SharedStrings {
  readonly items: string[] = [];
  private stream: Readable | undefined;
  private batches: AsyncIterator<SaxEvent[]> | undefined;
  private done: boolean;
  private text = '';
  private inText = false;
  private phonetic = 0;
  /** Reads run one after the other, whoever asks. */
  private reading: Promise<void> = Promise.resolve();

  /** `open` gives the part's bytes; none: the workbook has no shared strings. */
  constructor(private readonly open: (() => Promise<Readable>) | undefined) {
    this.done = open === undefined;
  }

  /** Whether the string at `index` is known (or will never be). */
  has(index: number): boolean {
    return this.done || index < this.items.length;
  }

  /** Reads on until the string at `index` is known or the part ends. */
  reach(index: number): Promise<void> {
    this.reading = this.reading.then(async () => {
      while (!this.done && this.items.length <= index) await this.step();
    });
    return this.reading;
  }

  /** Stops reading (the file is closed); strings not read stay unknown. */
  close(): void {
    this.done = true;
    this.stream?.destroy();
  }

  private async step(): Promise<void> {
    if (this.batches === undefined) {
      this.stream = await this.open!();
      this.batches = (parseSax(this.stream) as AsyncIterable<SaxEvent[]>)[Symbol.asyncIterator]();
    }
    const next = await this.batches.next();
    if (next.done) {
      this.close();
      return;
    }
    for (const { eventType, value } of next.value) {
      if (eventType === 'text') {
        if (this.inText && this.phonetic === 0) this.text += value as string;
        continue;
      }
      const name = (value as { name: string }).name;
      const tag = name.slice(name.indexOf(':') + 1);
      if (eventType === 'opentag') {
        if (tag === 'si') this.text = '';
        else if (tag === 't') this.inText = true;
        else if (tag === 'rPh') this.phonetic++;
      } else if (tag === 't') this.inText = false;
      else if (tag === 'rPh') this.phonetic--;
      else if (tag === 'si') this.items.push(unescapeOoxml(this.text));
    }
  }
}
