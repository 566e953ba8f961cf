import { describe, expect, it } from 'vitest';
import { localisedUiSchema } from './localised-ui-schema';

const schema = {
  type: 'object',
  title: '考核',
  properties: {
    name: { type: 'string', title: '客户名称' },
    grade: { type: 'string', title: '等级', enum: ['a', 'b'] },
    visits: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string', title: '日期' } } },
    },
  },
};
const ui = {
  'ui:options': { titleEn: 'Appraisal' },
  name: { 'ui:options': { titleEn: 'Customer name', descriptionEn: 'As registered' } },
  grade: { 'ui:enumNames': ['甲', '乙'], 'ui:options': { enumNamesEn: ['A', 'B'] } },
  visits: { items: { date: { 'ui:options': { titleEn: 'Date' } } } },
};

describe('localisedUiSchema', () => {
  it('shows the English labels the builder stored, at every depth, when the UI is in English', () => {
    const en = localisedUiSchema(schema, ui, 'en');
    expect(en['ui:title']).toBe('Appraisal');
    expect(en.name).toMatchObject({ 'ui:title': 'Customer name', 'ui:description': 'As registered' });
    expect(en.grade).toMatchObject({ 'ui:enumNames': ['A', 'B'] });
    expect(en.visits).toMatchObject({ items: { date: { 'ui:title': 'Date' } } });
  });

  it('leaves the Chinese form as designed', () => {
    expect(localisedUiSchema(schema, ui, 'zh-CN')).toBe(ui);
  });
});
