import type { Grade, InstitutionRole, Message, OrgUnitKind } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import type { ObjectId } from 'mongodb';
import { generatePassword } from './auth/passwords.js';
import { seedDemoProgram } from './demo-program.js';
import { actorOf, type UserDoc } from './users/service.js';

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

/** The demo's org tree: a county union, two credit cooperatives, an outlet. */
const DEMO_UNITS: { code: string; name: Message; kind: OrgUnitKind; parent: string | null }[] = [
  { code: 'HQ', name: { zh: '县联社', en: 'County union' }, kind: 'head-office', parent: null },
  { code: 'EAST', name: { zh: '城东信用社', en: 'East cooperative' }, kind: 'branch', parent: 'HQ' },
  { code: 'WEST', name: { zh: '城西信用社', en: 'West cooperative' }, kind: 'branch', parent: 'HQ' },
  { code: 'EAST-01', name: { zh: '东街分社', en: 'East Street outlet' }, kind: 'sub-branch', parent: 'EAST' },
];

interface DemoUser {
  email: string;
  name: string;
  role: InstitutionRole;
  unit: string | null;
  /** Managers get a profile with this grade. */
  grade?: Grade;
  /** Only these are printed at first start; the others share the password. */
  listed?: boolean;
}

const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.rapport.local', name: '王管理', role: 'institution_admin', unit: null, listed: true },
  { email: 'supervisor@demo.rapport.local', name: '李主管', role: 'supervisor', unit: 'EAST', listed: true },
  { email: 'auditor@demo.rapport.local', name: '赵稽核', role: 'auditor', unit: 'HQ', listed: true },
  {
    email: 'manager@demo.rapport.local',
    name: '张经理',
    role: 'manager',
    unit: 'EAST',
    grade: 'level2',
    listed: true,
  },
  { email: 'west.supervisor@demo.rapport.local', name: '周主管', role: 'supervisor', unit: 'WEST' },
  { email: 'chen@demo.rapport.local', name: '陈经理', role: 'manager', unit: 'EAST-01', grade: 'level1' },
  { email: 'liu@demo.rapport.local', name: '刘经理', role: 'manager', unit: 'WEST', grade: 'senior' },
  { email: 'sun@demo.rapport.local', name: '孙经理', role: 'manager', unit: 'WEST', grade: 'trainee' },
];

/**
 * On a platform without a platform admin: creates one (password from ADMIN_PASSWORD, or
 * generated) and, unless turned off, the demo institution and its users. Later starts do nothing.
 */
export async function firstStart(app: FastifyInstance, opts: FirstStartOptions): Promise<Created[]> {
  if ((await app.users.countPlatformAdmins()) > 0) return [];
  const created: Created[] = [];
  const adminPassword = opts.adminPassword ?? generatePassword();
  const platformAdmin = await app.users.create(
    null,
    { email: opts.adminEmail, name: 'Platform admin', password: adminPassword, role: 'platform_admin' },
    null,
  );
  created.push({ email: opts.adminEmail, password: adminPassword, role: 'platform_admin' });
  if (!opts.demoData || (await app.institutions.findByCode(DEMO_INSTITUTION.code))) return created;
  const demo = await app.institutions.create(DEMO_INSTITUTION, null);
  const system = actorOf(platformAdmin);
  const units = new Map<string, ObjectId>();
  for (const unit of DEMO_UNITS) {
    const parentId = unit.parent ? (units.get(unit.parent) ?? null) : null;
    const doc = await app.orgUnits.create(demo._id, { ...unit, parentId }, system);
    units.set(unit.code, doc._id);
  }
  const demoPassword = opts.adminPassword ?? generatePassword();
  const managers: UserDoc[] = [];
  let demoAdmin: UserDoc | null = null;
  for (const { unit, grade, listed, ...user } of DEMO_USERS) {
    const orgUnitId = unit ? (units.get(unit) ?? null) : null;
    const doc = await app.users.create(demo._id, { ...user, password: demoPassword, orgUnitId }, null);
    if (user.role === 'institution_admin') demoAdmin = doc;
    if (grade) {
      managers.push(doc);
      await app.managers.create(
        demo._id,
        {
          userId: doc._id,
          grade,
          teamRole: 'relationship-manager',
          supervisorId: null,
          industryGroups: [],
          certifications: [],
          reason: '演示数据 / demo data',
        },
        system,
      );
    }
    if (listed)
      created.push({ email: user.email, password: demoPassword, role: user.role, institution: demo.name.zh });
  }
  if (demoAdmin) await seedDemoProgram(app, demo._id, demoAdmin, managers);
  return created;
}
