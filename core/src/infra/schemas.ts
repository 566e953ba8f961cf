import { type Static, type TSchema, Type } from 'typebox';

/** A document id as the API shows it. */
export const Id = Type.String({ pattern: '^[0-9a-f]{24}$', description: 'document id (24 hex digits)' });

export const Message = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false, description: 'text in zh-CN and English' },
);

export const Rev = Type.Integer({
  minimum: 1,
  description: 'the revision you read; a stale one answers 409',
});

export const Timestamp = Type.String({ format: 'date-time' });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'every error has this shape; message is in the language of Accept-Language' },
);

/** Error responses a route may give, for OpenAPI. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}

export const InstitutionParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export type IdString = Static<typeof Id>;

/** The query of a paged list: which page, of how many items (at most `max`, `size` when not said). */
export function paging(size: number, max: number) {
  return {
    page: Type.Integer({ minimum: 1, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: max, default: size }),
  };
}

/** One page of a list: its items, how many there are in all, and which page of what size it is. */
export function Paged<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}
