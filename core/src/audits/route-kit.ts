import { type AuditPlanContent, auditPlanSchema } from '@rapport/schemas';
import { Type } from 'typebox';
import { Rev } from '../infra/schemas.js';

// What the audits capability's route plugins share: parameter and body schemas.

/** Some fields of a plan's content, as its document schema says (an audit and a run keep these of their plan). */
export function planFields<K extends keyof AuditPlanContent & keyof typeof auditPlanSchema.properties>(
  keys: readonly K[],
) {
  return Type.Unsafe<Pick<AuditPlanContent, K>>({
    type: 'object',
    required: [...keys],
    properties: Object.fromEntries(keys.map((k) => [k, auditPlanSchema.properties[k]])),
  });
}

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
