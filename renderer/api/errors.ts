/** What the UI shows for a rejected call: the Api's code (quotable in tickets) and its message. */
export interface ShownError {
  code: string;
  message: string;
}

export function toShownError(error: unknown): ShownError {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'operation.failed';
    const message = typeof e.message === 'string' ? e.message : String(error);
    return { code, message };
  }
  return { code: 'operation.failed', message: String(error) };
}
