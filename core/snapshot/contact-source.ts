/**
 * The contacts a simulation starts from, read one at a time: an array in memory, or a snapshot
 * kept packed (core/snapshot/packed.ts) so a million-contact export never becomes a million objects.
 */
import type { Contact, ContactChannel } from '../model.ts';
import { fieldOf } from '../rules/identity.ts';

export interface ContactSource {
  readonly length: number;
  /** True when `get` makes a new object each time (the caller may then change it). */
  readonly fresh: boolean;
  /** The contact at `position`, whole (a packed source makes a fresh object each time). */
  get(position: number): Contact;
  channel(position: number): ContactChannel;
  order(position: number): number;
  /** One field's value, without making the whole contact. */
  field(position: number, name: string): string | undefined;
  /** The ids of the form `new-…` (an earlier simulated import's), which a chained import must not reuse. */
  madeIds(): readonly string[];
}

/** Contacts given as an array. */
class ArrayContactSource implements ContactSource {
  readonly fresh = false;

  constructor(private readonly contacts: readonly Contact[]) {}

  get length(): number {
    return this.contacts.length;
  }

  get(position: number): Contact {
    return this.contacts[position];
  }

  channel(position: number): ContactChannel {
    return this.contacts[position].channel;
  }

  order(position: number): number {
    return this.contacts[position].order;
  }

  field(position: number, name: string): string | undefined {
    return fieldOf(this.contacts[position], name);
  }

  madeIds(): readonly string[] {
    return this.contacts.filter((c) => c.id.startsWith(MADE_ID_PREFIX)).map((c) => c.id);
  }
}

/** Ids a simulation makes for the contacts it creates begin so (`new-<row>`). */
export const MADE_ID_PREFIX = 'new-';

export function contactSource(contacts: readonly Contact[] | ContactSource): ContactSource {
  return Array.isArray(contacts) ? new ArrayContactSource(contacts) : (contacts as ContactSource);
}
