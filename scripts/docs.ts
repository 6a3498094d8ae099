/** `npm run docs`: writes docs/rules.md from the issue-code registry. */
import fs from 'node:fs';
import path from 'node:path';
import { rulesReference } from '../core/rules/reference-doc.ts';

const target = path.resolve(import.meta.dirname, '../docs/rules.md');
fs.writeFileSync(target, rulesReference());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
