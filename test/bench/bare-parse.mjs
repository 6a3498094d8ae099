// The benchmark's reference: a bare papaparse streaming parse of a file, nothing else. Plain Node
// (no TypeScript loader), so the reference pays nothing ListPrep's command does not.
import fs from 'node:fs';
import Papa from 'papaparse';

const file = process.argv[2];
let rows = 0;
await new Promise((resolve, reject) => {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
  parser.on('data', () => rows++);
  parser.on('end', () => resolve());
  parser.on('error', reject);
  fs.createReadStream(file, 'utf8').pipe(parser);
});
process.stdout.write(`${rows}\n`);
