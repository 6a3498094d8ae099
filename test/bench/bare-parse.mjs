/** The benchmark's reference: a bare papaparse streaming parse of a file, nothing else. */
import fs from 'node:fs';
import Papa from 'papaparse';

const file = process.argv[2];
let rows = 0;
await new Promise<void>((resolve, reject) => {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
  parser.on('data', () => rows++);
  parser.on('end', () => resolve());
  parser.on('error', reject);
  fs.createReadStream(file, 'utf8').pipe(parser);
});
process.stdout.write(`${rows}\n`);
