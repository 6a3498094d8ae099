/**
 * One identity conflict as a small graph: contacts are nodes (channel + customer ID), edges are the
 * identity values two contacts share. Edges between different customer IDs are drawn dashed: those
 * are the links MAAC cuts, which is why the contacts stay apart.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../../core/contract/api.ts';
import { revealInvisible } from '../../lib/visible-text.ts';

const WIDTH = 560;
const NODE_R = 36;
/** Two contacts sit side by side: a low graph leaves room for the explanation below it. */
const heightFor = (n: number) => (n <= 2 ? 170 : 300);
/** Longer node labels are cut (the full text is the node's tooltip and in the table below). */
const LABEL_MAX = 32;

type Contact = ConflictView['contacts'][number];

export interface GraphEdge {
  a: number;
  b: number;
  shared: string[];
  /** The two contacts carry different customer IDs: MAAC does not merge across this link. */
  held: boolean;
}

/**
 * Edges between every pair of contacts that share at least one identity value. Two contacts of one
 * conflict are linked by definition: when their listed values do not match literally (the core lists
 * stored values, e.g. `phone=0955…` and `mobile=+886955…`), the conflict's `linkedBy` is their edge.
 */
export function conflictEdges(contacts: Contact[], linkedBy: string[] = []): GraphEdge[] {
  const edges = literalEdges(contacts);
  if (edges.length === 0 && contacts.length === 2 && linkedBy.length > 0) {
    const [a, b] = contacts;
    edges.push({ a: 0, b: 1, shared: linkedBy, held: a.customerId !== '' && b.customerId !== '' && a.customerId !== b.customerId });
  }
  return edges;
}

function literalEdges(contacts: Contact[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (let a = 0; a < contacts.length; a++) {
    for (let b = a + 1; b < contacts.length; b++) {
      const shared = contacts[a].identities.filter((v) => contacts[b].identities.includes(v));
      if (shared.length === 0) continue;
      const ca = contacts[a].customerId;
      const cb = contacts[b].customerId;
      edges.push({ a, b, shared, held: ca !== '' && cb !== '' && ca !== cb });
    }
  }
  return edges;
}

/**
 * What a contact is called on screen: its best human value (name, email, phone; the core's `name`),
 * else its id. Cases unified before `name` was stored carry only the label "WHATSAPP new-5 · 王大同":
 * the part after " · " is the name there.
 */
export function contactLabel(c: Pick<Contact, 'channel' | 'label' | 'id' | 'name'>): string {
  if (c.name !== undefined) return c.name || c.id;
  const prefix = `${c.channel.toUpperCase()} ${c.id} · `;
  return c.label.startsWith(prefix) ? c.label.slice(prefix.length) || c.id : c.id;
}

function layout(n: number, height: number): Array<{ x: number; y: number }> {
  if (n === 1) return [{ x: WIDTH / 2, y: height / 2 }];
  if (n === 2) return [{ x: WIDTH * 0.25, y: height / 2 - 8 }, { x: WIDTH * 0.75, y: height / 2 - 8 }];
  const rx = WIDTH / 2 - NODE_R - 70;
  const ry = height / 2 - NODE_R - 22;
  return Array.from({ length: n }, (_, i) => {
    const angle = Math.PI + (2 * Math.PI * i) / n;
    return { x: WIDTH / 2 + rx * Math.cos(angle), y: height / 2 + ry * Math.sin(angle) };
  });
}

export function ConflictGraph({ conflict }: { conflict: ConflictView }) {
  const { t } = useTranslation();
  const id = useId();
  const contacts = conflict.contacts;
  const height = heightFor(contacts.length);
  const points = layout(contacts.length, height);
  const edges = conflictEdges(contacts, conflict.linkedBy);
  const customer = (c: Contact) => (c.customerId === '' ? t('unify.noCustomerId') : c.customerId);
  const nodeLabel = (c: Contact) => {
    const label = contactLabel(c);
    return revealInvisible(c.row !== undefined ? t('unify.nodeRow', { label, row: c.row }) : label);
  };
  const cut = (text: string) => (Array.from(text).length > LABEL_MAX ? `${Array.from(text).slice(0, LABEL_MAX - 1).join('')}…` : text);

  return (
    <svg className="conflict-graph" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-conflict={conflict.index}>
      <title id={`${id}-title`}>{t('unify.graphTitle', { count: contacts.length })}</title>
      <desc id={`${id}-desc`}>
        {contacts.map((c) => `${t(`contactChannel.${c.channel}`)} ${customer(c)}`).join('; ')}
        {'. '}
        {edges.map((e) => `${contacts[e.a].id} — ${contacts[e.b].id}: ${e.shared.join(', ')}`).join('; ')}
      </desc>
      {edges.map((e, i) => {
        const p = points[e.a];
        const q = points[e.b];
        return (
          <g key={i} className={`edge ${e.held ? 'edge-held' : 'edge-linked'}`} data-edge={`${contacts[e.a].id}-${contacts[e.b].id}`}>
            <line x1={p.x} y1={p.y} x2={q.x} y2={q.y} />
            <text x={(p.x + q.x) / 2} y={(p.y + q.y) / 2 - 6} textAnchor="middle" className="edge-label">
              {cut(revealInvisible(e.shared.join(', ')))}
            </text>
          </g>
        );
      })}
      {contacts.map((c, i) => (
        <g key={c.id} className={`node node-${c.channel}`} data-contact-id={c.id} transform={`translate(${points[i].x} ${points[i].y})`}>
          <circle r={NODE_R} />
          <text y={-4} textAnchor="middle" className="node-channel">
            {t(`contactChannel.${c.channel}`)}
          </text>
          <text y={12} textAnchor="middle" className="node-customer">
            {revealInvisible(customer(c))}
          </text>
          <text y={NODE_R + 16} textAnchor="middle" className="node-label">
            {cut(nodeLabel(c))}
          </text>
          <title>{`${nodeLabel(c)} — ${c.id}`}</title>
        </g>
      ))}
    </svg>
  );
}
