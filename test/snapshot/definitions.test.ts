import { describe, expect, it } from 'vitest';
import { parseFieldDefinitions, parseFieldDefinitionsJson } from '../../core/snapshot/definitions.ts';
import { csvTable, fixtureText } from './csv-text.ts';

const parseCsv = (text: string) => {
  const table = csvTable(text);
  return parseFieldDefinitions(table.header, table.records);
};
const reasons = (issues: { code: string; row?: number; params?: Record<string, unknown> }[]) => issues.map((i) => [i.code, i.row, i.params?.reason]);

describe('parseFieldDefinitions (CSV)', () => {
  it('reads the fixture custom-fields.csv', () => {
    expect(parseCsv(fixtureText('custom-fields.csv'))).toEqual({
      definitions: [
        { key: 'member_tier', type: 'text', status: 'active' },
        { key: 'points', type: 'number', status: 'active' },
        { key: 'last_purchase', type: 'date', status: 'active' },
        { key: 'last_login', type: 'datetime', status: 'active' },
        { key: 'old_segment', type: 'text', status: 'archived' },
      ],
      issues: [],
    });
  });

  it('takes any column order and case, strips a cl_custom_ prefix, reads DateTime / date_time', () => {
    const result = parseCsv(['Status,Type,Key', 'Active,DateTime,cl_custom_seen', 'ARCHIVED,date_time,CL_CUSTOM_x', ',Number,n'].join('\n'));
    expect(result).toEqual({
      definitions: [
        { key: 'seen', type: 'datetime', status: 'active' },
        { key: 'x', type: 'datetime', status: 'archived' },
        { key: 'n', type: 'number', status: 'active' },
      ],
      issues: [],
    });
  });

  it('reports bad lines with definitions.invalid and a reason, keeping the good ones', () => {
    const result = parseCsv(['key,type,status', 'a,text,active', ',text,active', 'b,boolean,active', 'c,,active', 'd,text,deleted', 'a,number,active', 'cl_custom_,text,active'].join('\n'));
    expect(result.definitions).toEqual([{ key: 'a', type: 'text', status: 'active' }]);
    expect(reasons(result.issues)).toEqual([
      ['definitions.invalid', 3, 'the key is blank'],
      ['definitions.invalid', 4, 'the type "boolean" of "b" is not text, number, date or datetime'],
      ['definitions.invalid', 5, 'the type of "c" is blank'],
      ['definitions.invalid', 6, 'the status "deleted" of "d" is not active or archived'],
      ['definitions.invalid', 7, 'the key "a" is already defined in row 2'],
      ['definitions.invalid', 8, 'the key is blank'],
    ]);
    expect(result.issues[0].severity).toBe('error');
  });

  it('reads a file without a status column as all active; one without key or type is unusable', () => {
    expect(parseCsv(['key,type', 'a,text'].join('\n')).definitions).toEqual([{ key: 'a', type: 'text', status: 'active' }]);
    const result = parseCsv(['name,kind', 'a,text'].join('\n'));
    expect(result.definitions).toEqual([]);
    expect(reasons(result.issues)).toEqual([['definitions.invalid', undefined, 'the header has no key and type column; it must read key,type,status']]);
  });

  it('treats __proto__ as an ordinary key', () => {
    const result = parseCsv(['key,type,status,__proto__', '__proto__,text,active,x', 'constructor,text,active,y'].join('\n'));
    expect(result.definitions.map((d) => d.key)).toEqual(['__proto__', 'constructor']);
    expect(result.issues).toEqual([]);
  });
});

describe('parseFieldDefinitionsJson', () => {
  it('reads an array of {key, type, status}', () => {
    const text = JSON.stringify([
      { key: 'member_tier', type: 'text', status: 'active' },
      { key: 'cl_custom_points', type: 'Number', status: 'archived' },
      { key: 'x', type: 'date' },
    ]);
    expect(parseFieldDefinitionsJson(text)).toEqual({
      definitions: [
        { key: 'member_tier', type: 'text', status: 'active' },
        { key: 'points', type: 'number', status: 'archived' },
        { key: 'x', type: 'date', status: 'active' },
      ],
      issues: [],
    });
  });

  it('reports items by position', () => {
    const result = parseFieldDefinitionsJson('[{"key":"a","type":"text","status":"active"}, 3, {"key":"b","type":7}, {"key":"a","type":"date"}, {"type":"text"}]');
    expect(result.definitions).toEqual([{ key: 'a', type: 'text', status: 'active' }]);
    expect(reasons(result.issues)).toEqual([
      ['definitions.invalid', undefined, 'item 2: it is not an object with key, type and status'],
      ['definitions.invalid', undefined, 'item 3: key, type and status must be text'],
      ['definitions.invalid', undefined, 'item 4: the key "a" is already defined in item 1'],
      ['definitions.invalid', undefined, 'item 5: the key is blank'],
    ]);
  });

  it('reports text that is not a JSON array', () => {
    expect(reasons(parseFieldDefinitionsJson('{"key":"a"}').issues)).toEqual([['definitions.invalid', undefined, 'the file must be a JSON array of objects with key, type and status']]);
    const bad = parseFieldDefinitionsJson('[{');
    expect(bad.definitions).toEqual([]);
    expect(bad.issues).toHaveLength(1);
    expect(String(bad.issues[0].params?.reason)).toMatch(/^the file is not valid JSON \(/);
  });

  it('is not confused by __proto__ members', () => {
    const result = parseFieldDefinitionsJson('[{"__proto__":{"key":"evil","type":"text"},"key":"__proto__","type":"text","status":"active"}]');
    expect(result.definitions).toEqual([{ key: '__proto__', type: 'text', status: 'active' }]);
    expect(({} as Record<string, unknown>).key).toBeUndefined();
  });
});
