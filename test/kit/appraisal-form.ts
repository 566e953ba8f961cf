import type { SchemaNode } from '@rapport/schemas';

/** A generated appraisal form: `sections` sections of `perSection` fields of every kind a manager fills. */
export function generatedAppraisal(sections: number, perSection: number) {
  const properties: Record<string, SchemaNode> = {};
  const data: Record<string, Record<string, unknown>> = {};
  for (let s = 0; s < sections; s++) {
    const fields: Record<string, SchemaNode> = {};
    const values: Record<string, unknown> = {};
    for (let f = 0; f < perSection; f++) {
      const key = `f${f}`;
      switch (f % 5) {
        case 0:
          fields[key] = {
            type: 'integer',
            title: `评分 ${s}.${f}`,
            minimum: 0,
            maximum: 10,
            'x-rapport-weight': 1,
          };
          values[key] = (s + f) % 11;
          break;
        case 1:
          fields[key] = { type: 'number', title: `金额 ${s}.${f}`, minimum: 0 };
          values[key] = 1000 + s * 10 + f;
          break;
        case 2:
          fields[key] = { type: 'string', title: `说明 ${s}.${f}`, maxLength: 200 };
          values[key] = `客户走访记录 ${s}-${f}`;
          break;
        case 3:
          fields[key] = { type: 'boolean', title: `达标 ${s}.${f}` };
          values[key] = f % 2 === 0;
          break;
        default:
          fields[key] = { type: 'string', title: `等级 ${s}.${f}`, enum: ['A', 'B', 'C', 'D'] };
          values[key] = 'B';
      }
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
