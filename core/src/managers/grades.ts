import { GRADES, type Grade, type Message } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors } from '../infra/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    grades: GradesService;
  }
}

/** What a grade means in one institution: who qualifies, what they may handle, what they are paid. */
export interface GradeDefinition {
  grade: Grade;
  criteria: Message;
  /** Customer tiers a manager of this grade may handle (the institution's own words). */
  customerTiers: string[];
  products: string[];
  /** Monthly base salary of the pay band. */
  baseSalary: number;
}

export interface GradeDefinitionDoc extends GradeDefinition {
  _id: string;
  institutionId: ObjectId;
  rev: number;
  updatedAt: Date;
}

/** The seed's four grades (part 2 §6); an institution changes them without code. */
export const DEFAULT_GRADES: Record<Grade, GradeDefinition> = {
  senior: {
    grade: 'senior',
    criteria: {
      zh: '具备丰富的管理经验和政策、法律知识，市场分析能力较强；在市场开拓、风险控制方面经验丰富；能规划、组织大型客户开发；能管理和协调一级及以下客户经理的工作。',
      en: 'Broad management experience and knowledge of policy and law; strong market analysis; experienced in market development and risk control; plans and leads the development of large customers; manages and coordinates level 1 and lower managers.',
    },
    customerTiers: ['large', 'medium', 'small'],
    products: ['all'],
    baseSalary: 12000,
  },
  level1: {
    grade: 'level1',
    criteria: {
      zh: '具备较丰富的管理、政策和法律知识，市场分析能力较强；市场开拓、公关与谈判能力较高，客户工作经验丰富；能协助高级客户经理处理复杂事务，管理和协调二级及以下客户经理。',
      en: 'Good knowledge of management, policy and law; strong market analysis; strong at market development, public relations and negotiation, with rich customer experience; assists senior managers on complex matters and coordinates level 2 and lower managers.',
    },
    customerTiers: ['large', 'medium'],
    products: ['deposits', 'loans', 'settlement', 'cards'],
    baseSalary: 9000,
  },
  level2: {
    grade: 'level2',
    criteria: {
      zh: '符合客户经理任职基本条件，具有一定的市场开拓能力和客户工作经验，能独立维护基本客户。',
      en: 'Meets the basic requirements of the post, with some market development ability and customer experience; maintains core customers independently.',
    },
    customerTiers: ['medium', 'small'],
    products: ['deposits', 'settlement', 'cards'],
    baseSalary: 7000,
  },
  trainee: {
    grade: 'trainee',
    criteria: {
      zh: '符合客户经理任职的基本条件；具有一定的市场分析能力；熟悉基本的产品知识、业务和操作流程；具备一定的公关、交际和营销能力。',
      en: 'Meets the basic requirements of the post; some market analysis ability; knows the basic products, business and procedures; some public relations, social and selling skills.',
    },
    customerTiers: ['small'],
    products: ['deposits', 'cards'],
    baseSalary: 5000,
  },
};

export class GradesService {
  constructor(
    private readonly definitions: Collection<GradeDefinitionDoc>,
    private readonly events: EventsService,
  ) {}

  private idOf(institutionId: ObjectId, grade: Grade) {
    return `${institutionId.toHexString()}/${grade}`;
  }

  /** The four grades, highest first: the institution's own where it set one, else the default. */
  async list(institutionId: ObjectId): Promise<(GradeDefinition & { rev: number })[]> {
    const stored = await this.definitions.find({ institutionId }).toArray();
    return GRADES.map((grade) => {
      const own = stored.find((d) => d.grade === grade);
      return own
        ? {
            grade,
            criteria: own.criteria,
            customerTiers: own.customerTiers,
            products: own.products,
            baseSalary: own.baseSalary,
            rev: own.rev,
          }
        : { ...DEFAULT_GRADES[grade], rev: 0 };
    });
  }

  async get(institutionId: ObjectId, grade: Grade): Promise<GradeDefinition & { rev: number }> {
    return (await this.list(institutionId)).find((d) => d.grade === grade) as GradeDefinition & {
      rev: number;
    };
  }

  /** Sets a grade's definition; `rev` 0 replaces the default. A stale `rev` is 409. */
  async set(
    institutionId: ObjectId,
    definition: GradeDefinition,
    rev: number,
    actor: Actor,
  ): Promise<GradeDefinition & { rev: number }> {
    const _id = this.idOf(institutionId, definition.grade);
    const now = new Date();
    if (rev === 0) {
      const result = await this.definitions.updateOne(
        { _id },
        { $setOnInsert: { institutionId, ...definition, rev: 1, updatedAt: now } },
        { upsert: true },
      );
      if (result.upsertedCount === 0) throw new Errors.CONFLICT();
    } else {
      const result = await this.definitions.updateOne(
        { _id, rev },
        { $set: { ...definition, updatedAt: now }, $inc: { rev: 1 } },
      );
      if (result.matchedCount === 0) throw new Errors.CONFLICT();
    }
    await this.events.record({
      institutionId,
      actor,
      action: 'grade.updated',
      target: { collection: 'grade_definitions', id: _id },
      summary: definition.grade,
    });
    return this.get(institutionId, definition.grade);
  }

  /** The institution's own definitions as stored, to put back later with `restore`. */
  stored(institutionId: ObjectId): Promise<GradeDefinitionDoc[]> {
    return this.definitions.find({ institutionId }).toArray();
  }

  /** Puts back definitions `stored` gave (none: the defaults again). */
  async restore(institutionId: ObjectId, docs: GradeDefinitionDoc[]): Promise<void> {
    await this.definitions.deleteMany({ institutionId });
    if (docs.length > 0) await this.definitions.insertMany(docs);
  }
}

export default fp(
  async (app) => {
    app.decorate(
      'grades',
      new GradesService(app.mongo.db.collection<GradeDefinitionDoc>('grade_definitions'), app.events),
    );
  },
  { name: 'grades-service', dependencies: ['mongo', 'events-service'] },
);
