import type { Message } from '@rapport/schemas';
import type { ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { type ClassificationRules, DEFAULT_RULES, type FrequencyClass, type SizeClass } from './classify.js';

// The customers' records: a customer file and who owns it, the institution's customer settings and
// their defaults. The service (service.ts) re-exports them.

/** A choice the institution names: a customer kind or an industry group. */
export interface Option {
  key: string;
  label: Message;
}

/**
 * How one institution runs customer files. The forms are named by key: the file form's latest
 * published version validates every file, so publishing a new version changes what files hold
 * from the next save on, and each file remembers the version it was saved against.
 */
export interface CustomerSettingsDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  /** The form whose fields make up a customer file; null: files hold no form data. */
  fileFormKey: string | null;
  /** The form a visit log is written on; null: a visit is its fixed fields only. */
  visitFormKey: string | null;
  /** The form of the weekly information entry; null: the entry is its notes only. */
  weeklyFormKey: string | null;
  kinds: Option[];
  industryGroups: Option[];
  rules: ClassificationRules;
  /** Where "today" and "this week" are reckoned. @defaultValue 'Asia/Shanghai' */
  timeZone: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type SettingsInput = Pick<
  CustomerSettingsDoc,
  'fileFormKey' | 'visitFormKey' | 'weeklyFormKey' | 'kinds' | 'industryGroups' | 'rules' | 'timeZone'
>;

const label = (zh: string, en: string): Message => ({ zh, en });

export const DEFAULT_SETTINGS: SettingsInput = {
  fileFormKey: null,
  visitFormKey: null,
  weeklyFormKey: null,
  kinds: [
    { key: 'enterprise', label: label('企业', 'Enterprise') },
    { key: 'household', label: label('农户/家庭', 'Household') },
    { key: 'individual', label: label('个人', 'Individual') },
  ],
  // The industry groups of part 4 (postal): government, schools, hospitals, groups, banks, telecom …
  industryGroups: [
    { key: 'government', label: label('政府机关', 'Government') },
    { key: 'schools', label: label('学校', 'Schools') },
    { key: 'hospitals', label: label('医院', 'Hospitals') },
    { key: 'groups', label: label('集团客户', 'Groups') },
    { key: 'banks', label: label('银行', 'Banks') },
    { key: 'telecom', label: label('电信', 'Telecom') },
    { key: 'construction', label: label('建筑', 'Construction') },
    { key: 'commerce', label: label('商贸', 'Commerce') },
    { key: 'catering', label: label('餐饮', 'Catering') },
  ],
  rules: DEFAULT_RULES,
  timeZone: 'Asia/Shanghai',
};

/** Who looks after a customer: one relationship manager and any product specialists (dual-manager model). */
export interface Owners {
  relationshipManagerId: ObjectId | null;
  productSpecialistIds: ObjectId[];
}

export interface OwnershipChange {
  at: Date;
  by: Actor;
  from: Owners;
  to: Owners;
  reason: string;
}

/** The classes a customer was last given, and the activity behind them. */
export interface Classification {
  frequency: FrequencyClass;
  size: SizeClass;
  transactions: number;
  volume: number;
  /** The window, both days included. */
  from: Date;
  to: Date;
  computedAt: Date;
}

export interface CustomerDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  /** Unique in the institution; facts are imported by it, so it never changes. */
  code: string;
  name: string;
  kind: string;
  industryGroup: string | null;
  fileData: Record<string, unknown>;
  /** The form version the file data was last validated against. */
  fileForm: { key: string; version: number } | null;
  relationshipManagerId: ObjectId;
  productSpecialistIds: ObjectId[];
  ownershipHistory: OwnershipChange[];
  classification: Classification;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCustomer {
  code: string;
  name: string;
  kind: string;
  industryGroup: string | null;
  fileData: Record<string, unknown>;
  relationshipManagerId: ObjectId;
  productSpecialistIds: ObjectId[];
}

export type CustomerChanges = Partial<Pick<NewCustomer, 'name' | 'kind' | 'industryGroup' | 'fileData'>>;

export interface CustomerQuery {
  q?: string;
  frequency?: FrequencyClass;
  size?: SizeClass;
  kind?: string;
  industryGroup?: string;
  managerId?: ObjectId;
  page: number;
  pageSize: number;
}

export type Problem = { in: string; path: string; message: Message };
export const problemAt = (path: string, en: string, zh: string): Problem => ({
  in: 'body',
  path,
  message: { en, zh },
});
