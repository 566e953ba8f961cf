import type { SchemaNode } from '@rapport/schemas';

/** The kinds of field a manager fills in an appraisal, each with a value that is valid for it. */
const FIELD_KINDS: ((s: number, f: number) => { node: SchemaNode; value: unknown })[] = [
  (s, f) => ({
    node: { type: 'integer', title: `评分 ${s}.${f}`, minimum: 0, maximum: 10, 'x-rapport-weight': 1 },
    value: (s + f) % 11,
  }),
  (s, f) => ({ node: { type: 'number', title: `金额 ${s}.${f}`, minimum: 0 }, value: 1000 + s * 10 + f }),
  (s, f) => ({
    node: { type: 'string', title: `说明 ${s}.${f}`, maxLength: 200 },
    value: `客户走访记录 ${s}-${f}`,
  }),
  (s, f) => ({ node: { type: 'boolean', title: `达标 ${s}.${f}` }, value: f % 2 === 0 }),
  (s, f) => ({ node: { type: 'string', title: `等级 ${s}.${f}`, enum: ['A', 'B', 'C', 'D'] }, value: 'B' }),
  (s, f) => ({
    node: { type: 'string', title: `客户 ${s}.${f}`, pattern: '^[^<>]*$', maxLength: 80 },
    value: `客户 ${s}-${f}`,
  }),
];

/** Field `f` of section `s`, of one of the first `kinds` kinds (cycling). */
export function appraisalField(s: number, f: number, kinds = FIELD_KINDS.length) {
  return (FIELD_KINDS[f % kinds] as (typeof FIELD_KINDS)[number])(s, f);
}

/** A generated appraisal form: `sections` sections of `perSection` fields of every kind a manager fills. */
export function generatedAppraisal(sections: number, perSection: number) {
  const properties: Record<string, SchemaNode> = {};
  const data: Record<string, Record<string, unknown>> = {};
  for (let s = 0; s < sections; s++) {
    const fields: Record<string, SchemaNode> = {};
    const values: Record<string, unknown> = {};
    for (let f = 0; f < perSection; f++) {
      const { node, value } = appraisalField(s, f, 5);
      fields[`f${f}`] = node;
      values[`f${f}`] = value;
    }
    properties[`s${s}`] = {
      type: 'object',
      title: `第 ${s + 1} 部分`,
      properties: fields,
      required: Object.keys(fields).slice(0, 2),
    };
    data[`s${s}`] = values;
  }
  const schema: SchemaNode = {
    type: 'object',
    title: '客户经理考核表',
    properties,
    required: Object.keys(properties),
  };
  return { schema, data };
}
