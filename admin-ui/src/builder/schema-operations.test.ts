import { KEYWORDS } from '@rapport/schemas';
import { describe, expect, it } from 'vitest';
import { addField } from './add-field';
import { deriveTree } from './derive-tree';
import { detectFieldType, FIELD_TYPES, fieldTemplate } from './field-types';
import { BuilderError, type FormDraft } from './form-draft';
import { moveField } from './move-field';
import { removeField } from './remove-field';
import { renameField } from './rename-field';
import { resolveDrop } from './resolve-drop';
import { updateField } from './update-field';

const empty = (): FormDraft => ({ schema: { type: 'object', properties: {} }, uiSchema: {} });

describe('palette types', () => {
  it.each(FIELD_TYPES)('recognises a new %s field as itself', (type) => {
    const { node, ui } = fieldTemplate(type, 't');
    expect(detectFieldType(node, ui)).toBe(type);
  });
});

describe('addField', () => {
  it('appends with a unique key and puts the template uiSchema beside it', () => {
    let draft = empty();
    draft = addField(draft, 'text', [], { title: 'a' }).draft;
    const second = addField(draft, 'text', [], { title: 'b' });
    expect(second.path).toEqual(['text2']);
    const radio = addField(second.draft, 'radio', [], { title: 'c', index: 0 });
    expect(Object.keys(radio.draft.schema.properties ?? {})).toEqual(['radio1', 'text1', 'text2']);
    expect(radio.draft.uiSchema).toEqual({ radio1: { 'ui:widget': 'radio', 'ui:enumNames': ['A', 'B'] } });
  });

  it('nests into a section and into a repeating group (items)', () => {
    let draft = addField(empty(), 'section', [], { title: 's' }).draft;
    draft = addField(draft, 'repeating-group', [], { title: 'g' }).draft;
    draft = addField(draft, 'long-text', ['section1'], { title: 'x' }).draft;
    draft = addField(draft, 'long-text', ['group1'], { title: 'y' }).draft;
    expect(draft.uiSchema).toEqual({
      section1: { longText1: { 'ui:widget': 'textarea' } },
      group1: { items: { longText2: { 'ui:widget': 'textarea' } } },
    });
    const tree = deriveTree(draft);
    expect(tree.map((f) => f.children?.map((c) => c.key))).toEqual([['longText1'], ['longText2']]);
  });

  it('keeps an explicit ui:order in step', () => {
    const draft: FormDraft = {
      schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } },
      uiSchema: { 'ui:order': ['b', 'a'] },
    };
    const next = addField(draft, 'number', [], { title: 'n', index: 1 }).draft;
    expect(next.uiSchema['ui:order']).toEqual(['b', 'number1', 'a']);
  });
});

describe('moveField', () => {
  it('carries required and uiSchema into another container', () => {
    const draft: FormDraft = {
      schema: {
        type: 'object',
        required: ['a'],
        properties: { a: { type: 'string' }, s: { type: 'object', properties: {} } },
      },
      uiSchema: { a: { 'ui:widget': 'textarea' } },
    };
    const next = moveField(draft, ['a'], ['s'], 0);
    expect(next.schema).toEqual({
      type: 'object',
      properties: { s: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
    });
    expect(next.uiSchema).toEqual({ s: { a: { 'ui:widget': 'textarea' } } });
  });

  it('refuses to move a section into itself or onto a taken key', () => {
    const draft: FormDraft = {
      schema: {
        type: 'object',
        properties: { s: { type: 'object', properties: { a: { type: 'string' } } }, a: { type: 'number' } },
      },
      uiSchema: {},
    };
    expect(() => moveField(draft, ['s'], ['s'], 0)).toThrow(BuilderError);
    expect(() => moveField(draft, ['a'], ['s'], 0)).toThrow(BuilderError);
  });

  it('reorders within a container', () => {
    let draft = empty();
    for (const type of ['text', 'number', 'date'] as const)
      draft = addField(draft, type, [], { title: type }).draft;
    const next = moveField(draft, ['date1'], [], 0);
    expect(Object.keys(next.schema.properties ?? {})).toEqual(['date1', 'text1', 'number1']);
  });
});

describe('updateField, renameField, removeField', () => {
  it('sets and removes keywords, options and ui:options without touching others', () => {
    const draft = addField(empty(), 'multi-select', [], { title: '产品' }).draft;
    const next = updateField(draft, ['multi1'], {
      schema: { [KEYWORDS.weight]: 2 },
      items: { enum: ['loan', 'card'] },
      itemsUi: { 'ui:enumNames': ['贷款', '银行卡'] },
      uiOptions: { titleEn: 'Products' },
      required: true,
    });
    expect(next.schema).toEqual({
      type: 'object',
      properties: {
        multi1: {
          type: 'array',
          title: '产品',
          items: { type: 'string', enum: ['loan', 'card'] },
          uniqueItems: true,
          [KEYWORDS.weight]: 2,
        },
      },
      required: ['multi1'],
    });
    expect(next.uiSchema).toEqual({
      multi1: {
        'ui:widget': 'checkboxes',
        items: { 'ui:enumNames': ['贷款', '银行卡'] },
        'ui:options': { titleEn: 'Products' },
      },
    });
    const cleared = updateField(next, ['multi1'], { uiOptions: { titleEn: undefined }, required: false });
    expect(cleared.uiSchema).toEqual({
      multi1: { 'ui:widget': 'checkboxes', items: { 'ui:enumNames': ['贷款', '银行卡'] } },
    });
    expect(cleared.schema.required).toBeUndefined();
  });

  it('renames in place and rejects bad or taken keys', () => {
    let draft = addField(empty(), 'text', [], { title: 'a' }).draft;
    draft = addField(draft, 'phone', [], { title: 'b' }).draft;
    draft = updateField(draft, ['text1'], { required: true });
    const renamed = renameField(draft, ['text1'], 'name').draft;
    expect(Object.keys(renamed.schema.properties ?? {})).toEqual(['name', 'phone1']);
    expect(renamed.schema.required).toEqual(['name']);
    expect(() => renameField(draft, ['text1'], 'phone1')).toThrow(BuilderError);
    expect(() => renameField(draft, ['text1'], '1bad')).toThrow(BuilderError);
  });

  it('removes a field with its uiSchema and required flag', () => {
    let draft = addField(empty(), 'phone', [], { title: 'p' }).draft;
    draft = updateField(draft, ['phone1'], { required: true });
    expect(removeField(draft, ['phone1'])).toEqual(empty());
  });
});

describe('resolveDrop', () => {
  const three = () => {
    let draft = empty();
    for (const type of ['text', 'number', 'section'] as const)
      draft = addField(draft, type, [], { title: type }).draft;
    return draft;
  };

  it('places a palette item before or after the field it is dropped on', () => {
    const draft = three();
    expect(resolveDrop(draft, { target: 'field', path: ['number1'], after: false }, undefined)).toEqual({
      parent: [],
      index: 1,
    });
    expect(resolveDrop(draft, { target: 'field', path: ['number1'], after: true }, undefined)).toEqual({
      parent: [],
      index: 2,
    });
    expect(resolveDrop(draft, { target: 'container', path: ['section1'] }, undefined)).toEqual({
      parent: ['section1'],
      index: 0,
    });
  });

  it('counts without the moved field when moving down among its siblings', () => {
    const draft = three();
    const { parent, index } = resolveDrop(draft, { target: 'field', path: ['section1'], after: true }, [
      'text1',
    ]);
    expect(Object.keys(moveField(draft, ['text1'], parent, index).schema.properties ?? {})).toEqual([
      'number1',
      'section1',
      'text1',
    ]);
  });
});
