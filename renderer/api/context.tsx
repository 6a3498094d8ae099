/** Hands the bridge to every component; tests pass the in-memory fake here. */
import { createContext, useContext, type ReactNode } from 'react';
import type { ListPrepBridge } from '../../core/contract/transport.ts';

const BridgeContext = createContext<ListPrepBridge | null>(null);

export function ApiProvider({ bridge, children }: { bridge: ListPrepBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useApi(): ListPrepBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useApi needs an ApiProvider above it');
  return bridge;
}
