import { describe, expect, it } from 'vitest';
import { folderOf, shortFolder } from '../../renderer/lib/short-path.ts';

describe('folderOf', () => {
  it('is the folder of a POSIX or Windows path, a root keeping its separator', () => {
    expect(folderOf('/Users/amy/lists/q3.listprep')).toBe('/Users/amy/lists');
    expect(folderOf('C:\\Users\\amy\\q3.listprep')).toBe('C:\\Users\\amy');
    expect(folderOf('/q3.listprep')).toBe('/');
    expect(folderOf('C:\\q3.listprep')).toBe('C:\\');
    expect(folderOf('q3.listprep')).toBe('');
  });
});

describe('shortFolder', () => {
  it('keeps a short folder whole', () => {
    expect(shortFolder('/Users/amy/lists')).toBe('/Users/amy/lists');
  });

  it('keeps the last folders that fit, "…" for the start', () => {
    expect(shortFolder('/Users/amy/Documents/Campaigns/2025 Spring', 33)).toBe('…/Documents/Campaigns/2025 Spring');
    expect(shortFolder('/Users/amy/Documents/Campaigns/2025 Spring', 32)).toBe('…/Campaigns/2025 Spring');
    expect(shortFolder('C:\\Users\\amy\\Documents\\Campaigns\\Spring', 20)).toBe('…\\Campaigns\\Spring');
  });

  it('cuts the middle of one folder name longer than the room', () => {
    const cut = shortFolder('/data/a-very-long-folder-name-from-an-export-tool-2025', 20);
    expect(cut).toBe('…/a-very-lo…ool-2025');
    expect(cut.length).toBe(20);
  });
});
