/**
 * One identity conflict as a small graph: contacts are nodes (channel + customer ID), edges are the
 * identity values two contacts share. Edges between different customer IDs are drawn dashed: those
 * are the links MAAC cuts, which is why the contacts stay apart.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../../core/api/contract.ts';
import { revealInvisible } from '../../lib/visible-text.ts';

const WIDTH = 560;
const HEIGHT = 300;
const NODE_R = 30;

type Contact = ConflictView['contacts'][number];

export interface GraphEdge {
  a: number;
  b: number;
  shared: string[];
  /** The two contacts carry different customer IDs: MAAC does not merge across this link. */
  held: boolean;
}

/** Edges between every pair of contacts that share at least one identity value. */
export function conflictEdges(contacts: Contact[]): GraphEdge[] {
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

function layout(n: number): Array<{ x: number; y: number }> {
  if (n === 1) return [{ x: WIDTH / 2, y: HEIGHT / 2 }];
  const rx = WIDTH / 2 - NODE_R - 70;
  const ry = HEIGHT / 2 - NODE_R - 22;
  return Array.from({ length: n }, (_, i) => {
    const angle = Math.PI + (2 * Math.PI * i) / n;
    return { x: WIDTH / 2 + rx * Math.cos(angle), y: HEIGHT / 2 + ry * Math.sin(angle) };
  });
}

export function ConflictGraph({ conflict }: { conflict: ConflictView }) {
  const { t } = useTranslation();
  const id = useId();
  const contacts = conflict.contacts;
  const points = layout(contacts.length);
  const edges = conflictEdges(contacts);
  const customer = (c: Contact) => (c.customerId === '' ? t('unify.noCustomerId') : c.customerId);

  return (
    <svg className="conflict-graph" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-conflict={conflict.index}>
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
              {revealInvisible(e.shared.join(', '))}
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
          <text y={NODE_R + 14} textAnchor="middle" className="node-label">
            {revealInvisible(c.row !== undefined ? t('unify.nodeRow', { label: c.label, row: c.row }) : c.label || c.id)}
          </text>
        </g>
      ))}
    </svg>
  );
}
