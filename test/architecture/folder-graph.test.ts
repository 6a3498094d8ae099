/**
 * The folders of core/ import one way (docs/architecture.md "What imports what"): no two folders
 * import each other, except api ↔ jobs through api/contract.ts, which is known and named there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(import.meta.dirname, '../../core');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(ts|mts)$/.test(name) ? [full] : [];
  });
}

/** Folder → the other core folders its files import from (type-only imports included). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const folder of readdirSync(CORE).filter((name) => statSync(path.join(CORE, name)).isDirectory())) {
    const targets = new Set<string>();
    for (const file of filesUnder(path.join(CORE, folder))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)) {
        const target = path.relative(CORE, path.resolve(path.dirname(file), match[1])).split(path.sep)[0];
        if (target !== folder && !target.endsWith('.ts')) targets.add(target);
      }
    }
    graph.set(folder, targets);
  }
  return graph;
}

describe('core folder imports', () => {
  const graph = folderGraph();

  it('has no two folders importing each other but api and jobs', () => {
    const mutual: string[] = [];
    for (const [a, targets] of graph) for (const b of targets) if (a < b && graph.get(b)?.has(a)) mutual.push(`${a} <-> ${b}`);
    expect(mutual).toEqual(['api <-> jobs']);
  });

  it('keeps the lower layers from reaching up', () => {
    expect([...graph.get('rules')!]).toEqual([]);
    expect([...graph.get('check')!]).not.toContain('store');
    expect([...graph.get('store')!].filter((f) => f === 'check' || f === 'simulate')).toEqual([]);
    expect([...graph.get('snapshot')!].filter((f) => f === 'simulate' || f === 'unify' || f === 'check')).toEqual([]);
    expect([...graph.get('codec')!].sort()).toEqual(['rules']);
  });
});
