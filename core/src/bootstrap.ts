import type { InstitutionRole, Message } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import { generatePassword } from './auth/passwords.js';

export interface FirstStartOptions {
  adminEmail: string;
  adminPassword: string | undefined;
  demoData: boolean;
}

/** Credentials created on this start, to be shown once. */
export interface Created {
  email: string;
  password: string;
  role: string;
  institution?: string;
}

const DEMO_INSTITUTION = {
  code: 'demo',
  name: { zh: '演示农村信用合作社', en: 'Demo Rural Credit Cooperative' } satisfies Message,
  industry: 'banking' as const,
};

const DEMO_USERS: { email: string; name: string; role: InstitutionRole }[] = [
  { email: 'admin@demo.rapport.local', name: '王管理', role: 'institution_admin' },
  { email: 'supervisor@demo.rapport.local', name: '李主管', role: 'supervisor' },
  { email: 'auditor@demo.rapport.local', name: '赵稽核', role: 'auditor' },
  { email: 'manager@demo.rapport.local', name: '张经理', role: 'manager' },
];

/**
 * On a platform without a platform admin: creates one (password from ADMIN_PASSWORD, or
 * generated) and, unless turned off, the demo institution and its users. Later starts do nothing.
 */
export async function firstStart(app: FastifyInstance, opts: FirstStartOptions): Promise<Created[]> {
  if ((await app.users.countPlatformAdmins()) > 0) return [];
  const created: Created[] = [];
  const adminPassword = opts.adminPassword ?? generatePassword();
  await app.users.create(
    null,
    { email: opts.adminEmail, name: 'Platform admin', password: adminPassword, role: 'platform_admin' },
    null,
  );
  created.push({ email: opts.adminEmail, password: adminPassword, role: 'platform_admin' });
  if (!opts.demoData || (await app.institutions.findByCode(DEMO_INSTITUTION.code))) return created;
  const demo = await app.institutions.create(DEMO_INSTITUTION, null);
  const demoPassword = opts.adminPassword ?? generatePassword();
  for (const user of DEMO_USERS) {
    await app.users.create(demo._id, { ...user, password: demoPassword }, null);
    created.push({ email: user.email, password: demoPassword, role: user.role, institution: demo.name.zh });
  }
  return created;
}
