import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  type CandidateContent,
  candidateSchema,
  checkEligibility,
  DEGREES,
  ELIGIBILITY_RULES,
  eligibilityRulesSchema,
  missingScores,
  SELECTION_CRITERIA,
  type SelectionDriveContent,
  selectionDriveSchema,
  selectionWeightsSchema,
  weightedTotal,
  withSelectionDefaults,
} from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import { type CandidateDoc, DRIVE_STATUSES, type DriveDoc } from './service.js';

// Texts the server writes (reasons, tie-breaks) may be longer than an input Message allows.
const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const Criterion = Type.Enum(SELECTION_CRITERIA);
const Score = Type.Number({ minimum: 0, maximum: 100 });
const Scores = Type.Partial(Type.Record(Criterion, Type.Number()));

const DriveView = Type.Object({
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

function driveView(d: DriveDoc, certified: number) {
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

const CandidateView = Type.Object({
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

function candidateView(c: CandidateDoc, drive: DriveDoc) {
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

const RankingView = Type.Object({
  drive: DriveView,
  ranked: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      total: Type.Number(),
      tieBreak: Type.Union([Text, Type.Null()]),
      candidate: CandidateView,
    }),
  ),
  unranked: Type.Array(
    Type.Object({ missing: Type.Array(Criterion), reasons: Type.Array(Text), candidate: CandidateView }),
  ),
  ineligible: Type.Array(Type.Object({ reasons: Type.Array(Text), candidate: CandidateView })),
});

const DriveBody = Type.Unsafe<
  Omit<SelectionDriveContent, 'eligibility' | 'weights'> & Partial<SelectionDriveContent>
>(selectionDriveSchema);
const DriveChangesBody = Type.Object(
  {
    rev: Rev,
    name: Type.Optional(Message),
    positions: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    eligibility: Type.Optional(Type.Unsafe<SelectionDriveContent['eligibility']>(eligibilityRulesSchema)),
    weights: Type.Optional(Type.Unsafe<SelectionDriveContent['weights']>(selectionWeightsSchema)),
  },
  { additionalProperties: false },
);
const CandidateBody = Type.Unsafe<CandidateContent>(candidateSchema);
const { userId: _userId, email: _email, ...editable } = candidateSchema.properties;
const CandidateChangesBody = Type.Object(
  {
    rev: Rev,
    name: Type.Optional(Type.Unsafe<string>(editable.name)),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    degree: Type.Optional(Type.Enum(DEGREES)),
    yearsOfSimilarWork: Type.Optional(Type.Unsafe<number>(editable.yearsOfSimilarWork)),
    badRecord: Type.Optional(Type.Boolean()),
    badRecordNote: Type.Optional(Type.String({ maxLength: 1000 })),
    healthDeclared: Type.Optional(Type.Boolean()),
    scores: Type.Optional(
      Type.Object(
        Object.fromEntries(
          SELECTION_CRITERIA.map((c) => [c, Type.Optional(Type.Union([Score, Type.Null()]))]),
        ),
        {
          additionalProperties: false,
          description: 'scores to set; null clears one, stages not named keep theirs',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
const CertifyBody = Type.Object(
  {
    rev: Rev,
    certifications: Type.Array(
      Type.Object(
        {
          candidateId: Id,
          exam: Type.Object(
            {
              date: Type.String({ format: 'date' }),
              score: Score,
              certificateNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });

const InstitutionId = Type.String({ maxLength: 64 });
const DriveParams = Type.Object(
  { institutionId: InstitutionId, driveId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const CandidateParams = Type.Object(
  {
    institutionId: InstitutionId,
    driveId: Type.String({ maxLength: 64 }),
    candidateId: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['selection'];

  const certifiedIn = async (institutionId: ObjectId, drive: DriveDoc) =>
    (await app.selection.certifiedCounts(institutionId)).get(drive._id.toHexString()) ?? 0;

  app.get(
    '/:institutionId/selection/drives',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Recruitment drives, newest first',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(DriveView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const [drives, counts] = await Promise.all([
        app.selection.listDrives(institutionId),
        app.selection.certifiedCounts(institutionId),
      ]);
      return { items: drives.map((d) => driveView(d, counts.get(d._id.toHexString()) ?? 0)) };
    },
  );

  app.post(
    '/:institutionId/selection/drives',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "Open a recruitment drive; eligibility rules and score weights default to the seed's",
        params: InstitutionParams,
        body: DriveBody,
        response: { 201: DriveView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const drive = await app.selection.createDrive(
        institutionId,
        withSelectionDefaults(request.body),
        request.actor,
      );
      return reply.status(201).send(driveView(drive, 0));
    },
  );

  app.get(
    '/:institutionId/selection/drives/:driveId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'One recruitment drive',
        params: DriveParams,
        response: { 200: DriveView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const drive = await app.selection.getDrive(institutionId, idOf(request.params.driveId));
      return driveView(drive, await certifiedIn(institutionId, drive));
    },
  );

  app.patch(
    '/:institutionId/selection/drives/:driveId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "Change an open drive's name, positions, eligibility rules or score weights",
        params: DriveParams,
        body: DriveChangesBody,
        response: { 200: DriveView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...changes } = request.body;
      const drive = await app.selection.updateDrive(
        institutionId,
        idOf(request.params.driveId),
        rev,
        changes,
        request.actor,
      );
      return driveView(drive, await certifiedIn(institutionId, drive));
    },
  );

  app.post(
    '/:institutionId/selection/drives/:driveId/close',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Close a drive before its positions are filled',
        params: DriveParams,
        body: RevBody,
        response: { 200: DriveView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const drive = await app.selection.closeDrive(
        institutionId,
        idOf(request.params.driveId),
        request.body.rev,
        request.actor,
      );
      return driveView(drive, await certifiedIn(institutionId, drive));
    },
  );

  app.delete(
    '/:institutionId/selection/drives/:driveId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Remove a drive that certified nobody, with its candidates',
        params: DriveParams,
        querystring: RevBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      await app.selection.removeDrive(
        institutionId,
        idOf(request.params.driveId),
        request.query.rev,
        request.actor,
      );
      return reply.status(204).send(null);
    },
  );

  // ---- candidates ----

  app.get(
    '/:institutionId/selection/drives/:driveId/candidates',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A drive's candidates in the order they were added, each with its eligibility and reasons",
        params: DriveParams,
        response: { 200: Type.Object({ items: Type.Array(CandidateView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const drive = await app.selection.getDrive(institutionId, idOf(request.params.driveId));
      const candidates = await app.selection.listCandidates(institutionId, drive._id);
      return { items: candidates.map((c) => candidateView(c, drive)) };
    },
  );

  app.post(
    '/:institutionId/selection/drives/:driveId/candidates',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Add a candidate: an internal one by user id, an external one by email',
        params: DriveParams,
        body: CandidateBody,
        response: { 201: CandidateView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const driveId = idOf(request.params.driveId);
      const { userId, scores, ...rest } = request.body;
      const candidate = await app.selection.addCandidate(
        institutionId,
        driveId,
        { ...rest, scores: scores ?? {}, ...(userId ? { userId: new ObjectId(userId) } : {}) },
        request.actor,
      );
      const drive = await app.selection.getDrive(institutionId, driveId);
      return reply.status(201).send(candidateView(candidate, drive));
    },
  );

  app.patch(
    '/:institutionId/selection/drives/:driveId/candidates/:candidateId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "Change a candidate's record or enter scores as the exam and interview happen",
        params: CandidateParams,
        body: CandidateChangesBody,
        response: { 200: CandidateView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const driveId = idOf(request.params.driveId);
      const { rev, phone, ...changes } = request.body;
      const candidate = await app.selection.updateCandidate(
        institutionId,
        driveId,
        idOf(request.params.candidateId),
        rev,
        { ...changes, ...(phone === undefined ? {} : { phone }) },
        request.actor,
      );
      return candidateView(candidate, await app.selection.getDrive(institutionId, driveId));
    },
  );

  app.delete(
    '/:institutionId/selection/drives/:driveId/candidates/:candidateId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Remove a candidate not yet certified',
        params: CandidateParams,
        querystring: RevBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      await app.selection.removeCandidate(
        institutionId,
        idOf(request.params.driveId),
        idOf(request.params.candidateId),
        request.query.rev,
        request.actor,
      );
      return reply.status(204).send(null);
    },
  );

  // ---- ranking and certification ----

  app.get(
    '/:institutionId/selection/drives/:driveId/ranking',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Eligible candidates ranked by weighted total (ties: heavier stages first, then the earlier application); the others apart with reasons',
        params: DriveParams,
        response: { 200: RankingView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { drive, ranking } = await app.selection.ranking(institutionId, idOf(request.params.driveId));
      const view = (c: CandidateDoc) => candidateView(c, drive);
      return {
        drive: driveView(drive, await certifiedIn(institutionId, drive)),
        ranked: ranking.ranked.map((r) => ({
          rank: r.rank,
          total: r.total,
          tieBreak: r.tieBreak,
          candidate: view(r.candidate),
        })),
        unranked: ranking.unranked.map((u) => ({
          missing: u.missing,
          reasons: u.reasons,
          candidate: view(u.candidate),
        })),
        ineligible: ranking.ineligible.map((i) => ({
          reasons: i.failures.map((f) => f.message),
          candidate: view(i.candidate),
        })),
      };
    },
  );

  app.post(
    '/:institutionId/selection/drives/:driveId/certify',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Certify ranked candidates: each becomes a trainee manager with the exam record; an external one gets an account whose password is shown here once',
        params: DriveParams,
        body: CertifyBody,
        response: {
          200: Type.Object({
            drive: DriveView,
            results: Type.Array(
              Type.Object({
                candidate: CandidateView,
                userId: Id,
                email: Type.String(),
                password: Type.Optional(
                  Type.String({ description: 'only for a newly created account, and only in this response' }),
                ),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const user = userOf(request);
      const { drive, results } = await app.selection.certify(
        institutionId,
        idOf(request.params.driveId),
        request.body.rev,
        request.body.certifications.map((c) => ({
          candidateId: new ObjectId(c.candidateId),
          exam: { ...c.exam, date: new Date(c.exam.date) },
        })),
        actorOf(user),
        user,
      );
      return {
        drive: driveView(drive, await certifiedIn(institutionId, drive)),
        results: results.map((r) => ({
          candidate: candidateView(r.candidate, drive),
          userId: r.user._id.toHexString(),
          email: r.user.email,
          ...(r.password ? { password: r.password } : {}),
        })),
      };
    },
  );
};

export default routes;
