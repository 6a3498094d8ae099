/** Layouts: the lists of fields rows' values go by (values.ts), numbered in table `layouts`. */
import type Database from 'better-sqlite3';
import { positionsOf, type Layout } from '../codec/store-values.ts';

/** A connection's layouts, made on first sight, and the one rows are written by when the writer names none. */
export class Layouts {
  private readonly byKey = new Map<string, Layout>();
  private readonly byId = new Map<number, Layout>();
  /** The layout of a field list already seen (the worker's list comes with every row). */
  private ofList = new WeakMap<readonly string[], Layout>();
  /** What rows are written by when the writer names none: the last layout used or made (null: not looked up yet). */
  private current: Layout | undefined | null = null;

  constructor(private readonly db: Database.Database) {}

  readonly fieldsOf = (id: number): readonly string[] => this.layoutById(id).fields;

  /** The layout of these fields, made on first sight. */
  layoutFor(fields: readonly string[]): Layout {
    let layout = this.ofList.get(fields);
    if (layout !== undefined) return layout;
    const key = JSON.stringify(fields);
    layout = this.byKey.get(key);
    if (layout === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO layouts (fields) VALUES (?)').run(key);
      layout = this.remember((this.db.prepare('SELECT id FROM layouts WHERE fields = ?').get(key) as { id: number }).id, key);
    }
    this.ofList.set(fields, layout);
    return layout;
  }

  layoutById(id: number): Layout {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    const found = this.db.prepare('SELECT fields FROM layouts WHERE id = ?').get(id) as { fields: string } | undefined;
    if (found === undefined) throw new Error(`it is damaged: rows name a layout of values (${id}) it does not have`);
    return this.remember(id, found.fields);
  }

  private remember(id: number, key: string): Layout {
    const fields = JSON.parse(key) as string[];
    const layout: Layout = { id, fields, positions: positionsOf(fields) };
    this.byKey.set(key, layout);
    this.byId.set(id, layout);
    return layout;
  }

  /** The layout rows are written by when the writer names none: the last one made. */
  currentLayout(): Layout | undefined {
    if (this.current === null) {
      const found = this.db.prepare('SELECT id FROM layouts ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
      this.current = found === undefined ? undefined : this.layoutById(found.id);
    }
    return this.current;
  }

  /** Rows are written by this layout from now on when the writer names none. */
  use(layout: Layout | undefined): void {
    this.current = layout;
  }

  /** Forgets every layout (a write that made some was rolled back). */
  forget(): void {
    this.byKey.clear();
    this.byId.clear();
    this.ofList = new WeakMap();
    this.current = null;
  }
}
