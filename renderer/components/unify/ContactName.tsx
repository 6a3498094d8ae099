/** A contact as people know it: its best human value first, its id after it, smaller (issue #17 item 6). */
import { VisibleText } from '../VisibleText.tsx';

export function ContactName({ name, id }: { name: string; id: string }) {
  if (name === '' || name === id) {
    return (
      <span className="contact-name">
        <VisibleText value={id} />
      </span>
    );
  }
  return (
    <span className="contact-name">
      <VisibleText value={name} /> <span className="contact-id muted small">
        <VisibleText value={id} />
      </span>
    </span>
  );
}
