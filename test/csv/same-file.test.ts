/** The one comparison R-F4 uses (core/csv/same-file.ts): paths as the disk sees them. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPath, findOutputOverInput, isSameFile, realPath } from '../../core/csv/same-file.ts';
import { tempDir } from '../helpers/service.ts';

function folder() {
  const dir = fs.realpathSync(tempDir('listprep-same-'));
  const file = path.join(dir, 'list.csv');
  fs.writeFileSync(file, 'a\n');
  fs.mkdirSync(path.join(dir, 'sub'));
  return { dir, file };
}

describe('isSameFile', () => {
  it('the same path typed differently: relative, with "..", with "."', () => {
    const { dir, file } = folder();
    expect(isSameFile(path.join(dir, 'sub', '..', 'list.csv'), file)).toBe(true);
    expect(isSameFile(path.relative(process.cwd(), file), `${dir}/./list.csv`)).toBe(true);
    expect(isSameFile(path.join(dir, 'other.csv'), file)).toBe(false);
  });

  it('a link to the file, and a path through a linked folder, even to a file not made yet', () => {
    const { dir, file } = folder();
    fs.symlinkSync(file, path.join(dir, 'sub', 'link.csv'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'up'));
    expect(isSameFile(path.join(dir, 'sub', 'link.csv'), file)).toBe(true);
    expect(isSameFile(path.join(dir, 'sub', 'up', 'list.csv'), file)).toBe(true);
    expect(isSameFile(path.join(dir, 'sub', 'up', 'new.csv'), path.join(dir, 'new.csv'))).toBe(true);
    expect(isSameFile(path.join(dir, 'sub', 'up', 'new.csv'), path.join(dir, 'sub', 'new.csv'))).toBe(false);
  });

  it('a hard link is the same file; a copy is not', () => {
    const { dir, file } = folder();
    fs.linkSync(file, path.join(dir, 'sub', 'hard.csv'));
    fs.copyFileSync(file, path.join(dir, 'sub', 'copy.csv'));
    expect(isSameFile(path.join(dir, 'sub', 'hard.csv'), file)).toBe(true);
    expect(isSameFile(path.join(dir, 'sub', 'copy.csv'), file)).toBe(false);
  });
});

describe('entryPath and realPath', () => {
  it('resolve the folders of a path that does not exist yet, down to the nearest one that does', () => {
    const { dir } = folder();
    fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'linked'));
    expect(entryPath(path.join(dir, 'linked', 'a', 'b.csv'))).toBe(path.join(dir, 'sub', 'a', 'b.csv'));
    expect(realPath(path.join(dir, 'linked', 'a', 'b.csv'))).toBe(path.join(dir, 'sub', 'a', 'b.csv'));
  });

  it('entryPath keeps a link\'s own name; realPath follows it', () => {
    const { dir, file } = folder();
    const link = path.join(dir, 'sub', 'link.csv');
    fs.symlinkSync(file, link);
    expect(entryPath(link)).toBe(link);
    expect(realPath(link)).toBe(file);
  });
});

describe('findOutputOverInput', () => {
  it('names the first output over an input, as absolute paths', () => {
    const { dir, file } = folder();
    const other = path.join(dir, 'other.csv');
    const relative = path.relative(process.cwd(), file);
    expect(findOutputOverInput([other, relative], [path.join(dir, 'x.csv'), file])).toEqual({ output: file, input: file });
    expect(findOutputOverInput([other], [file])).toBeUndefined();
  });
});
