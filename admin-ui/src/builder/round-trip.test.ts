import type { SchemaNode } from '@rapport/schemas';
import { describe, expect, it } from 'vitest';
import { addField } from './add-field';
import { deriveTree, rootAdvancedKeywords } from './derive-tree';
import type { FormDraft } from './form-draft';
import { moveField } from './move-field';
import { removeField } from './remove-field';
import { renameField } from './rename-field';
import { updateField } from './update-field';

/** A hand-written form using what the palette cannot edit. */
function advancedDraft(): FormDraft {
  const schema: SchemaNode = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    definitions: { amount: { type: 'number', minimum: 0, multipleOf: 0.01 } },
    required: ['name', 'kind'],
    properties: {
      name: { type: 'string', title: '姓名', maxLength: 50 },
      kind: { type: 'string', title: '类型', enum: ['loan', 'deposit'] },
      balance: { $ref: '#/definitions/amount', title: '余额' },
      contact: {
        title: '联系方式',
        oneOf: [
          { type: 'string', format: 'email' },
          { type: 'string', pattern: '^[0-9]{11}$' },
        ],
      },
      visits: {
        type: 'array',
        title: '走访',
        items: {
          type: 'object',
          required: ['date'],
          properties: { date: { type: 'string', format: 'date' }, note: { type: 'string' } },
        },
      },
      extra: { type: 'object', properties: { a: { type: 'integer' } }, patternProperties: { '^x-': {} } },
      flag: true,
    },
    allOf: [{ required: ['balance'] }],
    if: { properties: { kind: { const: 'loan' } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else
    then: { required: ['balance'] },
    else: { properties: { balance: { maximum: 0 } } },
    dependencies: { contact: ['name'] },
    'x-rapport-score': '$sum($fields.weight)',
  };
  const uiSchema = {
    'ui:order': ['kind', 'name', '*'],
    name: { 'ui:placeholder': '请输入', 'ui:options': { titleEn: 'Name' } },
    visits: { items: { note: { 'ui:widget': 'textarea' } }, 'ui:options': { orderable: false } },
    contact: { 'ui:field': 'custom' },
  };
  return { schema, uiSchema };
}

describe('round trip through the builder model', () => {
  it('shows advanced constructs as read-only nodes and never drops them', () => {
    const draft = advancedDraft();
    const before = structuredClone(draft);
    const tree = deriveTree(draft);
    expect(draft).toEqual(before);
    expect(tree.map((f) => [f.key, f.kind])).toEqual([
      ['kind', 'single-select'],
      ['name', 'text'],
      ['balance', 'advanced'],
      ['contact', 'advanced'],
      ['visits', 'repeating-group'],
      ['extra', 'advanced'],
      ['flag', 'advanced'],
    ]);
    expect(tree.find((f) => f.key === 'balance')?.advanced).toEqual(['$ref']);
    expect(tree.find((f) => f.key === 'visits')?.children?.map((c) => c.key)).toEqual(['date', 'note']);
    expect(rootAdvancedKeywords(draft)).toEqual(['allOf', 'if', 'then', 'else', 'dependencies']);
  });

  it('comes back deep-equal after edits that are undone by their opposites', () => {
    const original = advancedDraft();
    let draft = structuredClone(original);
    const added = addField(draft, 'section', [], { title: '新分组' });
    draft = added.draft;
    draft = addField(draft, 'text', added.path, { title: '文本' }).draft;
    draft = moveField(draft, ['balance'], [], 0);
    draft = moveField(draft, ['balance'], [], 2);
    draft = moveField(draft, ['visits', 'note'], added.path, 0);
    draft = moveField(draft, [...added.path, 'note'], ['visits'], 1);
    draft = renameField(draft, ['name'], 'fullName').draft;
    draft = renameField(draft, ['fullName'], 'name').draft;
    draft = updateField(draft, ['name'], {
      schema: { title: 'x' },
      uiOptions: { visibleIf: 'kind = "loan"' },
    });
    draft = updateField(draft, ['name'], { schema: { title: '姓名' }, uiOptions: { visibleIf: undefined } });
    draft = removeField(draft, added.path);
    expect(draft).toEqual(original);
    expect(JSON.stringify(draft)).toBe(JSON.stringify(original));
  });

  it('never changes the input draft', () => {
    const original = advancedDraft();
    const copy = structuredClone(original);
    addField(original, 'number', ['visits'], { title: '金额' });
    moveField(original, ['name'], ['visits'], 0);
    removeField(original, ['kind']);
    updateField(original, ['kind'], { required: false });
    expect(original).toEqual(copy);
  });
});
