/** A value from a file, as text, with invisible characters shown as ⟨U+…⟩ markers. Never HTML. */
import { splitInvisible } from '../lib/visible-text.ts';

export function VisibleText({ value }: { value: string }) {
  const segments = splitInvisible(value);
  if (segments.length === 1 && segments[0].codePoint === undefined) return <>{value}</>;
  return (
    <>
      {segments.map((s, i) =>
        s.codePoint === undefined ? (
          <span key={i}>{s.text}</span>
        ) : (
          <span key={i} className="invisible-char" data-code-point={s.codePoint}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}
