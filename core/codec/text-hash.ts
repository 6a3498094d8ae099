/**
 * FNV-1a over a text's UTF-16 code units, mixed so that nearby inputs (phone numbers differing in
 * their last digits) spread over the whole 32-bit range. The case file stores these hashes (a block's
 * key hashes), so the function is part of its format: it may never change.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** The hash of any text (every UTF-16 code unit), for callers that keep hashes, not keys. */
export function stringHash(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return mixed(hash);
}

/** Spreads nearby inputs (phone numbers differ in their last digits) over the whole range. */
export function mixed(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
