import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  eligibilityRulesSchema,
  type SelectionDriveContent,
  selectionDriveSchema,
  selectionWeightsSchema,
  withSelectionDefaults,
} from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, InstitutionParams, Message, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { certifiedIn, DriveParams, DriveView, driveView, RevBody } from './route-kit.js';

// Recruitment drives; their candidates, ranking and certification are in candidate-routes.ts.

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

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['selection'];

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
      return driveView(drive, await certifiedIn(app, institutionId, drive));
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
      return driveView(drive, await certifiedIn(app, institutionId, drive));
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
      return driveView(drive, await certifiedIn(app, institutionId, drive));
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
};

export default routes;
