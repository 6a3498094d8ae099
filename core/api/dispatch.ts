/**
 * One dispatcher for every transport (Electron IPC, the loopback bridge): look the method up in the
 * contract, zod-parse the raw input, call the implementation, and answer with a plain envelope that
 * can cross any boundary. Nothing here throws, and no stack trace ever leaves it.
 */
import { describeStorageFailure } from '../store/storage-failure.ts';
import { apiContract, type Api, type ApiErrorShape, type ApiMethod } from '../contract/api.ts';

export type ApiResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

/** Keys that must never reach the core, at any depth: they are how prototypes get polluted. */
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any valid input: a guard against stack exhaustion on hostile nesting. */
const MAX_DEPTH = 32;
const MAX_ISSUES_IN_MESSAGE = 5;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);
}

export function fail(code: string, message: string): ApiResult {
  return { ok: false, error: { code, message } };
}

/** Finds a poisoned key or excessive nesting; returns a description of the first problem, or null. */
export function findUnsafeStructure(value: unknown, depth = 0, path = 'input'): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path} is nested too deeply`;
  for (const key of Object.keys(value)) {
    if (POISONED_KEYS.has(key)) return `${path} has a forbidden key "${key}"`;
    const problem = findUnsafeStructure((value as Record<string, unknown>)[key], depth + 1, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  return shown.join('; ') + more;
}

/** Turns anything thrown by the core into {code, message}: ApiError-like objects keep theirs. */
export function toErrorShape(error: unknown): ApiErrorShape {
  const storage = describeStorageFailure(error);
  if (storage) return storage;
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^[a-z][a-z0-9_.-]{0,63}$/i.test(code) && typeof message === 'string') {
      return { code, message };
    }
    if (typeof message === 'string' && message) return { code: 'operation.failed', message };
  }
  return { code: 'operation.failed', message: 'The operation failed.' };
}

/**
 * Validates and runs one call. `rawInput` is untrusted (it came from a renderer or an HTTP body):
 * the implementation only ever sees the schema's parsed output.
 */
export interface DispatchOptions {
  /** Sees what the core threw (with its stack) before it is reduced to {code, message}: for logs. */
  onError?: (method: ApiMethod, error: unknown) => void;
}

export async function dispatchApiCall(impl: Api, method: unknown, rawInput: unknown, options: DispatchOptions = {}): Promise<ApiResult> {
  if (!isApiMethod(method)) return fail('method.unknown', `There is no Api method "${String(method).slice(0, 64)}".`);
  const unsafe = findUnsafeStructure(rawInput);
  if (unsafe) return fail('input.invalid', `${method}: ${unsafe}.`);
  const parsed = apiContract[method].input.safeParse(rawInput);
  if (!parsed.success) return fail('input.invalid', `${method}: ${describeIssues(parsed.error.issues)}`);
  try {
    const call = impl[method] as (input: unknown) => Promise<unknown>;
    const value = await call.call(impl, parsed.data);
    return { ok: true, value };
  } catch (error) {
    options.onError?.(method, error);
    return { ok: false, error: toErrorShape(error) };
  }
}
