/**
 * The browser transport: a ListPrepBridge over the loopback bridge (web/server.ts), used by the
 * renderer when `window.listprep` (Electron's preload) is absent. Same method list as the preload,
 * no zod in the bundle. Opening a file in the browser is an upload: the server keeps a copy and
 * answers with its path, which the Api then accepts like any other.
 */
import type { ListPrepBridge, PickPurpose } from '../core/contract/transport.ts';
import { API_METHOD_NAMES } from '../electron/api-methods.ts';

export const TOKEN_HEADER = 'x-listprep-token';

/** A rejected call: the same {code, message} the Api gives, as an Error. */
export class BridgeCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface HttpBridge extends ListPrepBridge {
  /** Uploads a file (a picked or dropped File) and resolves to the path of the server's copy. */
  uploadFile(file: Blob & { name?: string }, purpose?: PickPurpose): Promise<string>;
  /** Where the browser can fetch a file of the export folder (token included). */
  downloadUrl(filePath: string): string;
}

export interface HttpBridgeOptions {
  fetch?: typeof fetch;
  /** For pickFile's file input; defaults to the page's document. */
  document?: Document;
}

/** What each purpose offers in the file chooser. */
export const ACCEPT_BY_PURPOSE: Readonly<Record<PickPurpose, string>> = {
  list: '.csv,.txt,.tsv,text/csv,text/plain',
  snapshot: '.csv,.txt,.tsv,text/csv,text/plain',
  definitions: '.csv,.txt,.tsv,text/csv,text/plain',
  case: '.listprep',
};

function unwrap(payload: unknown, status: number): unknown {
  if (payload && typeof payload === 'object') {
    const envelope = payload as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false && envelope.error) {
      const { code, message } = envelope.error;
      throw new BridgeCallError(typeof code === 'string' ? code : 'operation.failed', typeof message === 'string' ? message : 'The operation failed.');
    }
  }
  throw new BridgeCallError('transport.failed', `The bridge answered HTTP ${status} without a result.`);
}

export function createHttpBridge(baseUrl: string, token: string, options: HttpBridgeOptions = {}): HttpBridge {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, headers: { [TOKEN_HEADER]: token, ...(init.headers as Record<string, string>) } });
    } catch (error) {
      throw new BridgeCallError('transport.failed', `The ListPrep bridge is not reachable (${error instanceof Error ? error.message : String(error)}).`);
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
    return unwrap(payload, response.status);
  }

  const postJson = (path: string, body: unknown) =>
    request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? null) });

  const uploadFile = (file: Blob & { name?: string }, purpose?: PickPurpose): Promise<string> => {
    const query = new URLSearchParams({ name: file.name ?? 'upload' });
    if (purpose) query.set('purpose', purpose);
    return request(`/upload?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file }) as Promise<string>;
  };

  function chooseFile(purpose: PickPurpose): Promise<File | null> {
    const doc = options.document ?? (typeof document === 'undefined' ? undefined : document);
    if (!doc) return Promise.reject(new BridgeCallError('transport.failed', 'There is no page to show a file chooser in.'));
    return new Promise((resolve) => {
      const input = doc.createElement('input');
      input.type = 'file';
      input.accept = ACCEPT_BY_PURPOSE[purpose];
      input.style.display = 'none';
      const finish = (file: File | null) => {
        input.remove();
        resolve(file);
      };
      input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
      input.addEventListener('cancel', () => finish(null), { once: true });
      doc.body.append(input);
      input.click();
    });
  }

  const bridge: Record<string, unknown> = {};
  for (const method of API_METHOD_NAMES) {
    bridge[method] = (input: unknown) => postJson(`/api/${method}`, input);
  }
  Object.assign(bridge, {
    async pickFile(purpose: PickPurpose) {
      const file = await chooseFile(purpose);
      return file ? uploadFile(file, purpose) : null;
    },
    pickSavePath: (suggestedName: string) => postJson('/shell/pickSavePath', { suggestedName }),
    pickFolder: () => postJson('/shell/pickFolder', {}),
    /** A browser cannot show a folder; exports are fetched with downloadUrl instead. */
    revealPath: async () => undefined,
    uploadFile,
    downloadUrl: (filePath: string) => `${base}/download?${new URLSearchParams({ path: filePath, token })}`,
    transport: 'web',
  });
  return bridge as unknown as HttpBridge;
}
