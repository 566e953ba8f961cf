import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  type CandidateContent,
  candidateSchema,
  DEGREES,
  SELECTION_CRITERIA,
} from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, Id, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import {
  CandidateParams,
  CandidateView,
  Criterion,
  candidateView,
  certifiedIn,
  DriveParams,
  DriveView,
  driveView,
  RevBody,
  Score,
  Text,
} from './route-kit.js';
import type { CandidateDoc } from './service.js';

// A drive's candidates, their ranking and their certification; the drives themselves are in routes.ts.

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

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['selection'];

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
        drive: driveView(drive, await certifiedIn(app, institutionId, drive)),
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
        drive: driveView(drive, await certifiedIn(app, institutionId, drive)),
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
