/** The one bridge the app talks to: Electron's preload, or the loopback HTTP bridge in a browser. */
import type { ListPrepBridge } from '../../core/contract/transport.ts';
import { createHttpBridge } from '../../web/client.ts';
import { pickBridge, type BridgeHost } from './pick-bridge.ts';

export function getBridge(): ListPrepBridge {
  return pickBridge(window as unknown as BridgeHost, createHttpBridge);
}
