import { Type } from 'typebox';
import { Rev } from '../infra/schemas.js';

// What the audits capability's route plugins share: parameter and body schemas.

export const Any = Type.Unknown();

const param = (name: 'planId' | 'runId' | 'auditId') =>
  Type.Object(
    { institutionId: Type.String({ maxLength: 64 }), [name]: Type.String({ maxLength: 64 }) } as {
      institutionId: ReturnType<typeof Type.String>;
    } & Record<typeof name, ReturnType<typeof Type.String>>,
    { additionalProperties: false },
  );
export const PlanParams = param('planId');
export const RunParams = param('runId');
export const AuditParams = param('auditId');
export const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });
