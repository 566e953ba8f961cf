import { FACT_KINDS, FREQUENCY_CLASSES, SIZE_CLASSES } from '@rapport/schemas';
import { Type } from 'typebox';
import { actorView } from '../forms/views.js';
import { Id, Message, Timestamp } from '../infra/schemas.js';
import type { UserDoc } from '../users/service.js';
import type { FactDoc } from './facts.js';
import type { CustomerDoc, CustomerSettingsDoc, Owners } from './service.js';
import type { VisitDoc } from './visits.js';
import type { WeeklyEntryDoc } from './weekly-entries.js';

const ActorView = Type.Object({ id: Id, name: Type.String(), email: Type.String() });
const PersonView = Type.Object({ id: Id, name: Type.String() });
const FormRef = Type.Union([Type.Object({ key: Type.String(), version: Type.Integer() }), Type.Null()]);
const AnyObject = Type.Object({}, { additionalProperties: true });
const Day = Type.String({ format: 'date' });

export const day = (d: Date) => d.toISOString().slice(0, 10);

export const OptionSchema = Type.Object(
  { key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }), label: Message },
  { additionalProperties: false },
);

export const RulesSchema = Type.Object(
  {
    windowDays: Type.Integer({ minimum: 1, maximum: 3660, description: 'days looked back, today included' }),
    frequentMinTransactions: Type.Integer({ minimum: 1, description: 'at least this many: frequent' }),
    occasionalMinTransactions: Type.Integer({
      minimum: 1,
      description: 'at least this many: occasional; fewer: dormant',
    }),
    largeMinVolume: Type.Number({
      minimum: 0,
      description: 'volume in the window from which a customer is large',
    }),
    mediumMinVolume: Type.Number({ exclusiveMinimum: 0, description: 'from which medium; below: small' }),
  },
  { additionalProperties: false },
);

export const SettingsView = Type.Object({
  fileFormKey: Type.Union([Type.String(), Type.Null()]),
  visitFormKey: Type.Union([Type.String(), Type.Null()]),
  weeklyFormKey: Type.Union([Type.String(), Type.Null()]),
  kinds: Type.Array(OptionSchema),
  industryGroups: Type.Array(OptionSchema),
  rules: RulesSchema,
  timeZone: Type.String(),
  rev: Type.Integer({ description: '0 while the defaults apply' }),
});

export function settingsView(s: CustomerSettingsDoc) {
  return {
    fileFormKey: s.fileFormKey,
    visitFormKey: s.visitFormKey,
    weeklyFormKey: s.weeklyFormKey,
    kinds: s.kinds,
    industryGroups: s.industryGroups,
    rules: s.rules,
    timeZone: s.timeZone,
    rev: s.rev,
  };
}

const OwnersView = Type.Object({
  relationshipManager: Type.Union([PersonView, Type.Null()]),
  productSpecialists: Type.Array(PersonView),
});

const ClassificationView = Type.Object({
  frequency: Type.Enum(FREQUENCY_CLASSES),
  size: Type.Enum(SIZE_CLASSES),
  transactions: Type.Number(),
  volume: Type.Number(),
  from: Day,
  to: Day,
  computedAt: Timestamp,
});

export const CustomerSummaryView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  industryGroup: Type.Union([Type.String(), Type.Null()]),
  ...OwnersView.properties,
  classification: ClassificationView,
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CustomerView = Type.Object({
  ...CustomerSummaryView.properties,
  fileData: AnyObject,
  fileForm: FormRef,
  ownershipHistory: Type.Array(
    Type.Object({ at: Timestamp, by: ActorView, from: OwnersView, to: OwnersView, reason: Type.String() }),
  ),
});

/** Names people by id from the institution's users; someone since removed still shows by id. */
export function peopleOf(users: UserDoc[]) {
  const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
  const person = (id: { toHexString(): string }) => ({
    id: id.toHexString(),
    name: byId.get(id.toHexString())?.name ?? id.toHexString(),
  });
  const owners = (o: Owners) => ({
    relationshipManager: o.relationshipManagerId ? person(o.relationshipManagerId) : null,
    productSpecialists: o.productSpecialistIds.map(person),
  });
  return { person, owners };
}

export function customerSummaryView(c: CustomerDoc, users: UserDoc[]) {
  const { owners } = peopleOf(users);
  return {
    id: c._id.toHexString(),
    code: c.code,
    name: c.name,
    kind: c.kind,
    industryGroup: c.industryGroup,
    ...owners(c),
    classification: {
      frequency: c.classification.frequency,
      size: c.classification.size,
      transactions: c.classification.transactions,
      volume: c.classification.volume,
      from: day(c.classification.from),
      to: day(c.classification.to),
      computedAt: c.classification.computedAt.toISOString(),
    },
    rev: c.rev,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function customerView(c: CustomerDoc, users: UserDoc[]) {
  const { owners } = peopleOf(users);
  return {
    ...customerSummaryView(c, users),
    fileData: c.fileData,
    fileForm: c.fileForm,
    ownershipHistory: c.ownershipHistory.map((h) => ({
      at: h.at.toISOString(),
      by: actorView(h.by),
      from: owners(h.from),
      to: owners(h.to),
      reason: h.reason,
    })),
  };
}

export const FactView = Type.Object({
  id: Id,
  customerId: Id,
  date: Day,
  kind: Type.Enum(FACT_KINDS),
  amount: Type.Number(),
  product: Type.Union([Type.String(), Type.Null()]),
  externalId: Type.Union([Type.String(), Type.Null()]),
  importId: Type.Union([Id, Type.Null()]),
  recordedBy: ActorView,
  createdAt: Timestamp,
});

export function factView(f: FactDoc) {
  return {
    id: f._id.toHexString(),
    customerId: f.customerId.toHexString(),
    date: day(f.date),
    kind: f.kind,
    amount: f.amount,
    product: f.product,
    externalId: f.externalId ?? null,
    importId: f.importId?.toHexString() ?? null,
    recordedBy: actorView(f.recordedBy),
    createdAt: f.createdAt.toISOString(),
  };
}

export const VisitView = Type.Object({
  id: Id,
  customerId: Id,
  visitedAt: Timestamp,
  purpose: Type.String(),
  notes: Type.String(),
  data: AnyObject,
  form: FormRef,
  loggedBy: ActorView,
  createdAt: Timestamp,
});

export function visitView(v: VisitDoc) {
  return {
    id: v._id.toHexString(),
    customerId: v.customerId.toHexString(),
    visitedAt: v.visitedAt.toISOString(),
    purpose: v.purpose,
    notes: v.notes,
    data: v.data,
    form: v.form,
    loggedBy: actorView(v.loggedBy),
    createdAt: v.createdAt.toISOString(),
  };
}

export const WeeklyEntryView = Type.Object({
  id: Id,
  managerId: Id,
  week: Type.String(),
  notes: Type.String(),
  data: AnyObject,
  form: FormRef,
  enteredBy: ActorView,
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function weeklyEntryView(e: WeeklyEntryDoc) {
  return {
    id: e._id.toHexString(),
    managerId: e.managerId.toHexString(),
    week: e.week,
    notes: e.notes,
    data: e.data,
    form: e.form,
    enteredBy: actorView(e.enteredBy),
    rev: e.rev,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
