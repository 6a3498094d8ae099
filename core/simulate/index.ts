/** Import replay against a contact snapshot (RULES.md §5). */
export { Simulator, type SimulatorOptions } from './simulator.ts';
export { addToListHealth, countListHealth, emptyListHealthCounts, listHealth, type ListHealthCounts } from './list-health.ts';
