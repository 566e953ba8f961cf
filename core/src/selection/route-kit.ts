import {
  checkEligibility,
  DEGREES,
  ELIGIBILITY_RULES,
  missingScores,
  SELECTION_CRITERIA,
  weightedTotal,
} from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import type { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { actorView } from '../forms/views.js';
import { Id, Message, Rev, Timestamp } from '../infra/schemas.js';
import { type CandidateDoc, DRIVE_STATUSES, type DriveDoc } from './service.js';

// What the selection capability's route plugins share: views, parameter schemas, the certified count.

// Texts the server writes (reasons, tie-breaks) may be longer than an input Message allows.
export const Text = Type.Object({ zh: Type.String(), en: Type.String() });
export const Criterion = Type.Enum(SELECTION_CRITERIA);
export const Score = Type.Number({ minimum: 0, maximum: 100 });
const Scores = Type.Partial(Type.Record(Criterion, Type.Number()));

export const DriveView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  positions: Type.Integer(),
  eligibility: Type.Object({
    minDegree: Type.Enum(DEGREES),
    minYears: Type.Number(),
    noBadRecord: Type.Boolean(),
    healthDeclaration: Type.Boolean(),
  }),
  weights: Type.Record(Criterion, Type.Number()),
  status: Type.Enum(DRIVE_STATUSES),
  closedBecause: Type.Optional(Type.Union([Type.Literal('filled'), Type.Literal('closed')])),
  certified: Type.Integer({ description: 'candidates certified so far' }),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function driveView(d: DriveDoc, certified: number) {
  return {
    id: d._id.toHexString(),
    code: d.code,
    name: d.name,
    positions: d.positions,
    eligibility: d.eligibility,
    weights: d.weights,
    status: d.status,
    ...(d.closedBecause ? { closedBecause: d.closedBecause } : {}),
    certified,
    rev: d.rev,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const CandidateView = Type.Object({
  id: Id,
  driveId: Id,
  name: Type.String(),
  userId: Type.Union([Id, Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  external: Type.Boolean(),
  degree: Type.Enum(DEGREES),
  yearsOfSimilarWork: Type.Number(),
  badRecord: Type.Boolean(),
  badRecordNote: Type.Optional(Type.String()),
  healthDeclared: Type.Boolean(),
  scores: Scores,
  eligibility: Type.Object({
    eligible: Type.Boolean(),
    failures: Type.Array(Type.Object({ rule: Type.Enum(ELIGIBILITY_RULES), message: Text })),
  }),
  missingScores: Type.Array(Criterion, { description: 'stages that count and have no score yet' }),
  total: Type.Union([Type.Number(), Type.Null()], {
    description: 'the weighted total once every score that counts is in',
  }),
  certification: Type.Union([
    Type.Object({
      date: Type.String({ format: 'date' }),
      score: Type.Number(),
      certificateNumber: Type.String(),
      certifiedAt: Timestamp,
      by: Type.Object({ id: Id, name: Type.String(), email: Type.String() }),
    }),
    Type.Null(),
  ]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function candidateView(c: CandidateDoc, drive: DriveDoc) {
  const failures = checkEligibility(drive.eligibility, c);
  const missing = missingScores(drive.weights, c.scores);
  return {
    id: c._id.toHexString(),
    driveId: c.driveId.toHexString(),
    name: c.name,
    userId: c.userId?.toHexString() ?? null,
    email: c.email,
    phone: c.phone,
    external: c.external,
    degree: c.degree,
    yearsOfSimilarWork: c.yearsOfSimilarWork,
    badRecord: c.badRecord,
    ...(c.badRecordNote ? { badRecordNote: c.badRecordNote } : {}),
    healthDeclared: c.healthDeclared,
    scores: c.scores,
    eligibility: { eligible: failures.length === 0, failures },
    missingScores: missing,
    total: missing.length === 0 ? weightedTotal(drive.weights, c.scores) : null,
    certification: c.certification
      ? {
          date: c.certification.date.toISOString().slice(0, 10),
          score: c.certification.score,
          certificateNumber: c.certification.certificateNumber,
          certifiedAt: c.certification.certifiedAt.toISOString(),
          by: actorView(c.certification.by),
        }
      : null,
    rev: c.rev,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });

const InstitutionId = Type.String({ maxLength: 64 });
export const DriveParams = Type.Object(
  { institutionId: InstitutionId, driveId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export const CandidateParams = Type.Object(
  {
    institutionId: InstitutionId,
    driveId: Type.String({ maxLength: 64 }),
    candidateId: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** How many of a drive's candidates are certified so far. */
export const certifiedIn = async (app: FastifyInstance, institutionId: ObjectId, drive: DriveDoc) =>
  (await app.selection.certifiedCounts(institutionId)).get(drive._id.toHexString()) ?? 0;
