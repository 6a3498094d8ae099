#!/usr/bin/env node
/**
 * Summarizes a V8 CPU profile (node --cpu-prof): the functions with the most self time and the most
 * inclusive time, or (with --under NAME) the call tree below every function called NAME.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/cli/listprep.mjs check big.csv
 *   node scripts/perf/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile [--top 25] [--under apply] [--depth 3]
 *
 * A run with worker threads writes one profile per thread: summarize each.
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const top = Number(option('--top', 25));
const under = option('--under', undefined);
const depth = Number(option('--depth', 3));
const file = args[0];
if (!file) {
  console.error('usage: profile-summary.mjs <file.cpuprofile> [--top N] [--under NAME] [--depth N]');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const selfOf = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfOf.set(id, (selfOf.get(id) ?? 0) + dt);
  total += dt;
});
const inclusiveOf = new Map();
const inclusive = (id) => {
  if (inclusiveOf.has(id)) return inclusiveOf.get(id);
  let time = selfOf.get(id) ?? 0;
  for (const child of nodes.get(id).children ?? []) time += inclusive(child);
  inclusiveOf.set(id, time);
  return time;
};
const ms = (us) => (us / 1000).toFixed(0).padStart(7);

if (under) {
  // Every node of that name, merged, then its children merged by name, to `depth` levels.
  const print = (ids, level) => {
    if (level > depth) return;
    const byName = new Map();
    for (const id of ids) for (const child of nodes.get(id).children ?? []) {
      const name = label(nodes.get(child));
      byName.set(name, [...(byName.get(name) ?? []), child]);
    }
    const rows = [...byName].map(([name, children]) => [name, children, children.reduce((t, c) => t + inclusive(c), 0)]).sort((a, b) => b[2] - a[2]);
    for (const [name, children, time] of rows) {
      if (time < 5000) continue;
      console.log(`${ms(time)} ${'  '.repeat(level)}${name}`);
      print(children, level + 1);
    }
  };
  const roots = profile.nodes.filter((n) => (n.callFrame.functionName || '(anonymous)') === under).map((n) => n.id);
  console.log(`${ms(roots.reduce((t, id) => t + inclusive(id), 0))} ${under} (ms, inclusive)`);
  print(roots, 1);
} else {
  const sum = (valueOf) => {
    const byLabel = new Map();
    for (const node of profile.nodes) byLabel.set(label(node), (byLabel.get(label(node)) ?? 0) + valueOf(node));
    return [...byLabel].sort((a, b) => b[1] - a[1]).slice(0, top);
  };
  console.log(`${ms(total)} ms in all`);
  console.log('--- self');
  for (const [name, time] of sum((n) => selfOf.get(n.id) ?? 0)) console.log(`${ms(time)} ${name}`);
  // Inclusive time of recursive functions counts once per stack: the outermost node of a name only.
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const outermost = (node) => {
    for (let parent = parentOf.get(node.id); parent !== undefined; parent = parentOf.get(parent)) {
      if (label(nodes.get(parent)) === label(node)) return 0;
    }
    return inclusive(node.id);
  };
  console.log('--- inclusive');
  for (const [name, time] of sum(outermost)) console.log(`${ms(time)} ${name}`);
}
