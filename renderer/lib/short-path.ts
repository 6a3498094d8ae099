/**
 * Folders shown where there is little room (the recent cases): the end of the path is what tells
 * two folders apart, so the start is cut ("…/Campaigns/2025 Q3"); the whole path goes in a tooltip.
 */

/** The folder a file is in, written as the path writes it (`/` or `\`). */
export function folderOf(filePath: string): string {
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  if (cut < 0) return '';
  // The root itself ("/", "C:\") keeps its separator.
  return cut === 0 || /^[A-Za-z]:$/.test(filePath.slice(0, cut)) ? filePath.slice(0, cut + 1) : filePath.slice(0, cut);
}

/** The last folders of `folder` that fit in `max` characters, "…" standing for the rest. */
export function shortFolder(folder: string, max = 36): string {
  if (folder.length <= max) return folder;
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const parts = folder.split(/[\\/]/).filter((p) => p !== '');
  let shown = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const next = shown === '' ? parts[i]! : `${parts[i]}${separator}${shown}`;
    if (next.length + 2 > max) break;
    shown = next;
  }
  // One folder name longer than the room: its start and end, the middle cut.
  if (shown === '') {
    const last = parts[parts.length - 1] ?? folder;
    const keep = Math.max(4, max - 3);
    const head = Math.ceil(keep / 2);
    return `…${separator}${last.slice(0, head)}…${last.slice(last.length - (keep - head))}`;
  }
  return `…${separator}${shown}`;
}
