import {
  FORM_STATUSES,
  type FormContent,
  type FormExport,
  formDefinitionSchema,
  formExportSchema,
  INSTITUTION_ROLES,
  READ_SCOPES,
} from '@rapport/schemas';
import { Type } from 'typebox';
import { Id, Message, Timestamp } from '../infra/schemas.js';
import { type FormDoc, type FormVersionDoc, schemaOf, uiSchemaOf } from './service.js';

const ActorView = Type.Object({ id: Id, name: Type.String(), email: Type.String() });

export const FormContentBody = Type.Unsafe<FormContent>(formDefinitionSchema);
export const FormExportBody = Type.Unsafe<FormExport>(formExportSchema);

const { key: _key, ...editable } = formDefinitionSchema.properties;
/** The draft's content with the revision it was read at; the key never changes. */
export const FormChangesBody = Type.Unsafe<Omit<FormContent, 'key'> & { rev: number }>({
  ...formDefinitionSchema,
  required: ['rev', ...formDefinitionSchema.required.filter((k) => k !== 'key')],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});

const AnyObject = Type.Object({}, { additionalProperties: true });

const summaryProperties = {
  id: Id,
  key: Type.String(),
  title: Message,
  description: Type.Object({ zh: Type.String(), en: Type.String() }),
  fillRoles: Type.Array(Type.Enum(INSTITUTION_ROLES)),
  readScope: Type.Enum(READ_SCOPES),
  status: Type.Enum(FORM_STATUSES),
  latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  draftChanged: Type.Boolean(),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const VersionInfoView = Type.Object({
  version: Type.Integer(),
  hash: Type.String(),
  publishedAt: Timestamp,
  publishedBy: ActorView,
});
export const FormSummaryView = Type.Object(summaryProperties);
export const FormView = Type.Object({
  ...summaryProperties,
  schema: AnyObject,
  uiSchema: AnyObject,
  versions: Type.Optional(Type.Array(VersionInfoView)),
});
export const FormVersionView = Type.Object({
  formId: Id,
  version: Type.Integer(),
  hash: Type.String(),
  publishedAt: Timestamp,
  publishedBy: ActorView,
  key: Type.String(),
  title: Message,
  description: Type.Object({ zh: Type.String(), en: Type.String() }),
  schema: AnyObject,
  uiSchema: AnyObject,
});

export function actorView(actor: { id: { toHexString(): string }; name: string; email: string }) {
  return { id: actor.id.toHexString(), name: actor.name, email: actor.email };
}

export function formSummaryView(form: FormDoc) {
  return {
    id: form._id.toHexString(),
    key: form.key,
    title: form.title,
    description: form.description,
    fillRoles: form.fillRoles,
    readScope: form.readScope,
    status: form.status,
    latestVersion: form.latestVersion,
    draftChanged: form.draftHash !== form.latestHash,
    rev: form.rev,
    createdAt: form.createdAt.toISOString(),
    updatedAt: form.updatedAt.toISOString(),
  };
}

function versionInfoView(v: FormVersionDoc) {
  return {
    version: v.version,
    hash: v.hash,
    publishedAt: v.publishedAt.toISOString(),
    publishedBy: actorView(v.publishedBy),
  };
}

export function formView(form: FormDoc, versions?: FormVersionDoc[]) {
  return {
    ...formSummaryView(form),
    schema: schemaOf(form),
    uiSchema: uiSchemaOf(form),
    ...(versions ? { versions: versions.map(versionInfoView) } : {}),
  };
}

export function formVersionView(v: FormVersionDoc) {
  return {
    formId: v.formId.toHexString(),
    ...versionInfoView(v),
    key: v.key,
    title: v.title,
    description: v.description,
    schema: schemaOf(v),
    uiSchema: uiSchemaOf(v),
  };
}
