/**
 * Decodes a file's bytes chunk by chunk, characters split across chunks included. UTF-8 goes
 * through the platform's TextDecoder where well-formed (about a third faster than iconv-lite's
 * decoder on a hundred megabytes) and keeps invalid bytes as escapes; the other encodings go
 * through iconv-lite. Property tests hold the text equal for any bytes and any chunking.
 */
import iconv from 'iconv-lite';
import { EscapingUtf8Decoder } from './utf8-escapes.ts';

export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
  /** UTF-8: whether any text given out so far holds an escaped byte. */
  readonly escaped?: boolean;
}


/** iconv-lite's double-byte decoders, which must never be handed a character cut in two (see below). */
const MULTI_BYTE: ReadonlySet<string> = new Set(['big5', 'gb18030', 'shiftjis']);

/**
 * No byte below 0x30 is ever part of a multi-byte character in Big5, GB18030 or Shift_JIS (their
 * trail bytes are 0x30 and up), so a cut just after one never splits a character.
 */
const LAST_SINGLE_BYTE = 0x2f;

/**
 * A decoder for iconv-lite's `encodingName`; a byte-order mark is kept as a character (the reader
 * skips it). UTF-8 keeps its invalid bytes as escapes (utf8-escapes.ts).
 */
export function chunkDecoder(encodingName: string): ChunkDecoder {
  if (encodingName === 'utf8') return new EscapingUtf8Decoder();
  const decoder = iconv.getDecoder(encodingName, { stripBOM: false });
  const plain: ChunkDecoder = { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
  return MULTI_BYTE.has(encodingName) ? alignedToCharacters(plain) : plain;
}

/**
 * Hands the decoder only whole characters: bytes after the chunk's last single-byte character wait
 * for the next chunk. iconv-lite's double-byte decoder (0.7.3) sizes its output for two bytes per
 * input byte, so a character outside the BMP (GB18030's four-byte 𠮷, Big5-HKSCS's 𨋢) completed by
 * the first byte of a chunk overflows it and silently drops a later character.
 */
function alignedToCharacters(decoder: ChunkDecoder): ChunkDecoder {
  let held: Buffer | undefined;
  return {
    write(chunk) {
      const bytes = held === undefined ? chunk : Buffer.concat([held, chunk]);
      let cut = bytes.length;
      while (cut > 0 && bytes[cut - 1] > LAST_SINGLE_BYTE) cut--;
      held = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : undefined;
      return cut > 0 ? decoder.write(bytes.subarray(0, cut)) : '';
    },
    end() {
      const rest = held === undefined ? '' : decoder.write(held);
      held = undefined;
      return rest + decoder.end();
    },
  };
}
