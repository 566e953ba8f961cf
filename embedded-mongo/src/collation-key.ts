import type { Document } from 'bson';
import type { StringKey } from './keys.js';

/**
 * The string key of an index with a collation: a coarsening of the collation's equality (strings the
 * collation calls equal share a key), so the index answers equality and `$in`; range and order on
 * strings under a collation are left to the in-memory matcher and sort.
 */
export function collationStringKey(collation: Document | undefined): StringKey | undefined {
  if (!collation || collation.locale === 'simple') return undefined;
  const strength = typeof collation.strength === 'number' ? collation.strength : 3;
  const locale = String(collation.locale);
  const foldCase = strength <= 2 && collation.caseLevel !== true;
  const stripMarks = strength <= 1;
  const numeric = collation.numericOrdering === true;
  return (value) => {
    let key = value.normalize('NFKD');
    if (stripMarks) key = key.replace(/\p{M}/gu, '');
    if (foldCase) key = key.toLocaleLowerCase(locale);
    if (numeric) key = key.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ''));
    return key;
  };
}

// MongoDB's defaults for a collation's fields; `version` is informational.
const DEFAULTS: Document = {
  locale: 'simple',
  caseLevel: false,
  caseFirst: 'off',
  strength: 3,
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};

/** Whether two collation specs are the same (an index serves strings only under its own collation). */
export function sameCollation(a: Document | undefined, b: Document | undefined): boolean {
  if (a === b) return true;
  const simple = (c: Document | undefined) => !c || c.locale === 'simple';
  if (simple(a) || simple(b)) return simple(a) && simple(b);
  const norm = (c: Document) => {
    const full: Document = { ...DEFAULTS, ...c };
    return Object.keys(DEFAULTS)
      .map((key) => JSON.stringify(full[key]))
      .join();
  };
  return norm(a as Document) === norm(b as Document);
}
