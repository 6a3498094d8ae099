/**
 * Chooses the transport: Electron's preload puts a bridge on `window.listprep`; in a plain browser
 * (tests and development against the loopback server) the HTTP bridge is built from the page's
 * origin and its `token` query parameter. Kept apart from index.ts so it can be tested without either.
 */
import type { ListPrepBridge } from '../../core/contract/transport.ts';

export type CreateHttpBridge = (baseUrl: string, token: string) => ListPrepBridge;

export interface BridgeHost {
  listprep?: ListPrepBridge;
  location: { origin: string; search: string };
}

export function pickBridge(host: BridgeHost, createHttpBridge: CreateHttpBridge): ListPrepBridge {
  if (host.listprep) return host.listprep;
  const token = new URLSearchParams(host.location.search).get('token') ?? '';
  return createHttpBridge(host.location.origin, token);
}
