import { GRADES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';

// What the managers capability's route plugins share: schemas and the reading of optional ids.

export const InstitutionId = Type.String({ maxLength: 64 });
export const Grade = Type.Enum(GRADES);
export const Label = Type.String({ minLength: 1, maxLength: 100 });

/** An optional id in a body: undefined keeps the value, null clears it. */
export const optionalId = (raw: string | null | undefined) =>
  raw === undefined ? undefined : raw === null ? null : new ObjectId(raw);
