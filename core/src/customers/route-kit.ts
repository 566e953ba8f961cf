import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import { idOf } from '../infra/tenant.js';
import { parseDay } from './fact-rows.js';
import { readTable, type TableRow } from './table.js';

// What the customers capability's route plugins share: parameter and body schemas, uploads, lookups.

export const InstitutionId = Type.String({ maxLength: 64 });
export const CustomerParams = Type.Object(
  { institutionId: InstitutionId, customerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export const WeekParams = Type.Object(
  { institutionId: InstitutionId, week: Type.String({ maxLength: 16 }) },
  { additionalProperties: false },
);
export const Week = Type.String({ maxLength: 16, description: 'ISO week, e.g. 2025-W07' });
export const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });
export const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });
export const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' });
export const FormKey = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]);
export const Data = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  description: 'form data, as the form describes it',
});
export const Day = Type.String({ format: 'date' });

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const UPLOAD_TYPES = ['text/csv', XLSX, 'application/vnd.ms-excel', 'application/octet-stream'];

/** A parsed upload; a class, so a JSON body can never pass for one. */
export class UploadedTable {
  constructor(readonly rows: TableRow[]) {}
}

/** An XLSX file is a ZIP: it starts with "PK\x03\x04", whatever type the browser gave it. */
export const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

export const optionalDay = (raw: string | undefined, path: string) => {
  if (raw === undefined) return undefined;
  const parsed = parseDay(raw);
  if (!parsed)
    throw Object.assign(new Errors.VALIDATION_ERROR(), {
      details: [{ in: 'querystring', path, message: { en: 'not a date', zh: '不是有效日期' } }],
    });
  return parsed;
};

/** Lets a route plugin take CSV and XLSX uploads (parsed to rows); the rest of the API speaks JSON only. */
export function acceptUploads(app: FastifyInstance): void {
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer' },
    async (_request: FastifyRequest, body: Buffer) =>
      new UploadedTable(await readTable(isZip(body) ? 'xlsx' : 'csv', body)),
  );
}

/** The customer a request names, as its caller may read it (else 404). */
export async function customerOf(
  app: FastifyInstance,
  request: FastifyRequest,
  params: { institutionId: string; customerId: string },
) {
  const institutionId = request.institutionId;
  const customer = await app.customers.read(institutionId, idOf(params.customerId), userOf(request));
  return { institutionId, customer };
}
