/** exceljs's SAX helper (saxes events gathered per chunk), used by workbook-stream.ts. */
declare module 'exceljs/lib/utils/parse-sax.js' {
  export default function parseSax(iterable: AsyncIterable<unknown> | NodeJS.ReadableStream): AsyncIterable<unknown[]>;
}

