import type { SchemaNode } from '@rapport/schemas';
import { appraisalField } from './appraisal-form.js';

/** Sections holding a repeating group (an array of objects with a few items). */
const GROUP_SECTIONS = [1, 4, 7];
const GROUP_ITEMS = 3;

/** A repeating group: `items` rows of a few fields each, present from the start through its default. */
function repeatingGroup(s: number): SchemaNode {
  const row = (i: number) => ({
    name: `成员 ${s}-${i}`,
    amount: 100 * (i + 1),
    grade: 'B',
    met: i % 2 === 0,
  });
  return {
    type: 'array',
    title: `明细 ${s}`,
    items: {
      type: 'object',
      title: `明细行 ${s}`,
      required: ['name'],
      properties: {
        name: { type: 'string', title: '名称', maxLength: 100 },
        amount: { type: 'number', title: '金额', minimum: 0 },
        grade: { type: 'string', title: '等级', enum: ['A', 'B', 'C', 'D'] },
        met: { type: 'boolean', title: '达标' },
        note: { type: 'string', title: '备注', maxLength: 200 },
      },
    },
    default: Array.from({ length: GROUP_ITEMS }, (_, i) => row(i)),
  };
}

/**
 * A large form for the keystroke benchmark: `sections` sections of `perSection` fields of every kind a
 * manager fills, repeating groups in three sections, and two computed fields in the last section. With
 * the defaults that is ~300 fields (10 × 26 top-level, less the groups, 3 × 3 × 5 in the groups, 2 computed).
 * `textField` is a plain text field in the middle section, the one to type into.
 */
export function generatedLargeForm(sections = 10, perSection = 26) {
  const properties: Record<string, SchemaNode> = {};
  let fieldCount = 0;
  for (let s = 0; s < sections; s++) {
    const fields: Record<string, SchemaNode> = {};
    for (let f = 0; f < perSection; f++) {
      const key = `f${f}`;
      if (f === perSection - 1 && GROUP_SECTIONS.includes(s)) {
        fields.group = repeatingGroup(s);
        fieldCount += GROUP_ITEMS * 5;
        continue;
      }
      fieldCount++;
      fields[key] = appraisalField(s, f).node;
    }
    properties[`s${s}`] = {
      type: 'object',
      title: `第 ${s + 1} 部分`,
      properties: fields,
      required: ['f0'],
    };
  }
  const last = properties[`s${sections - 1}`] as SchemaNode & { properties: Record<string, SchemaNode> };
  last.properties.total = {
    type: 'number',
    title: '金额合计',
    readOnly: true,
    'x-rapport-computed': `$sum([${Array.from({ length: sections }, (_, s) => `s${s}.f1`).join(', ')}])`,
  };
  last.properties.groupRows = {
    type: 'integer',
    title: '明细行数',
    readOnly: true,
    'x-rapport-computed': GROUP_SECTIONS.filter((s) => s < sections)
      .map((s) => `$count(s${s}.group)`)
      .join(' + '),
  };
  fieldCount += 2;
  const schema: SchemaNode = {
    type: 'object',
    title: '大型客户经理考核表',
    properties,
    required: ['s0'],
  };
  const middle = Math.floor(sections / 2);
  return {
    schema,
    fieldCount,
    /** rjsf's id of the text field to type into, and its JSON pointer. */
    textField: { id: `root_s${middle}_f2`, pointer: `/s${middle}/f2` },
  };
}
