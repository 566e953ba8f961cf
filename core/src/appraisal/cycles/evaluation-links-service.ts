import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SchemaNode } from '@rapport/schemas';
import { type Collection, MongoServerError, ObjectId } from 'mongodb';
import { Errors, validationError } from '../../infra/errors.js';
import { seededSample } from '../../infra/seeded-random.js';
import { TenantCollection } from '../../infra/tenant.js';
import { describeValidation } from '../../infra/validation.js';
import { evaluationForm } from './generate.js';
import {
  type AppraisalDoc,
  type CustomerSample,
  type CycleDoc,
  type CyclesDeps,
  cycleOf,
  DAY_MS,
  type EvaluationLinkDoc,
  setsOf,
} from './model.js';

/**
 * The customer sample of an appraisal and its evaluation links: who is asked, the one-time signed
 * link each answers through without signing in, and the answers.
 */
export class EvaluationLinksService {
  constructor(
    private readonly links: Collection<EvaluationLinkDoc>,
    private readonly appraisals: Collection<AppraisalDoc>,
    private readonly cycles: Collection<CycleDoc>,
    private readonly deps: CyclesDeps,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.links.createIndex({ appraisalId: 1, customerId: 1 }, { unique: true });
  }

  /**
   * Draws the customers asked to rate the manager, once: their customers in canonical order (by
   * id), `size` of them picked with a fresh recorded seed, and one link each.
   */
  async drawSample(appraisal: AppraisalDoc): Promise<CustomerSample> {
    if (appraisal.sample) return appraisal.sample;
    const cycle = await cycleOf(this.cycles, appraisal.institutionId, appraisal.cycleId);
    const source = this.deps.business.find((b) => b.customersOf);
    const customers = source?.customersOf
      ? [...(await source.customersOf(appraisal.institutionId, appraisal.managerId))].sort((a, b) =>
          a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
        )
      : [];
    const seed = randomBytes(32);
    const picked = seededSample(customers, cycle.customerSample.size, seed);
    const sample: CustomerSample = {
      drawnAt: new Date(),
      seed: seed.toString('hex'),
      populationHash: createHash('sha256')
        .update(customers.map((c) => c.id).join('\n'))
        .digest('hex'),
      populationSize: customers.length,
      picked: picked.map((c) => c.id),
    };
    // First draw wins: a second, concurrent draw leaves the first in place.
    const result = await this.appraisals.updateOne(
      { _id: appraisal._id, sample: null },
      { $set: { sample, updatedAt: sample.drawnAt }, $inc: { rev: 1 } },
    );
    if (result.modifiedCount === 0) {
      const current = await this.appraisals.findOne({ _id: appraisal._id });
      return current?.sample as CustomerSample;
    }
    const expiresAt = new Date(sample.drawnAt.getTime() + cycle.customerSample.linkDays * DAY_MS);
    for (const customer of picked) {
      await this.links
        .insertOne({
          _id: new ObjectId(),
          institutionId: appraisal.institutionId,
          cycleId: appraisal.cycleId,
          appraisalId: appraisal._id,
          customerId: customer.id,
          customerName: customer.name,
          expiresAt,
          answeredAt: null,
          answers: null,
        })
        .catch((err: unknown) => {
          if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        });
    }
    return sample;
  }

  /** The signed token of a link: its id and expiry, signed; nothing secret is stored. */
  tokenOf(link: EvaluationLinkDoc): string {
    const body = `${link._id.toHexString()}.${Math.floor(link.expiresAt.getTime() / 1000)}`;
    return `${body}.${createHmac('sha256', this.deps.secret).update(body).digest('base64url')}`;
  }

  /** The link a token names, if the signature holds (expiry and use are checked by the caller). */
  private async linkOf(token: string): Promise<EvaluationLinkDoc> {
    const [id, expires, signature] = token.split('.');
    if (!id || !expires || !signature || !ObjectId.isValid(id)) throw new Errors.EVALUATIONS_LINK_INVALID();
    const expected = createHmac('sha256', this.deps.secret).update(`${id}.${expires}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Errors.EVALUATIONS_LINK_INVALID();
    const link = await this.links.findOne({ _id: new ObjectId(id) });
    if (!link) throw new Errors.EVALUATIONS_LINK_INVALID();
    return link;
  }

  /** The form a sampled customer fills: the set's indicators customers may rate. */
  private async customerForm(appraisal: AppraisalDoc) {
    const cycle = await cycleOf(this.cycles, appraisal.institutionId, appraisal.cycleId);
    const { library, byGrade } = await setsOf(this.deps.indicators, appraisal.institutionId, cycle);
    const set = byGrade.get(appraisal.grade);
    if (!set) throw new Errors.EVALUATIONS_LINK_INVALID();
    return { cycle, form: evaluationForm(cycle, appraisal.grade, set, library, 'customer') };
  }

  /** What a customer's link opens: who they rate and the form, unless used or expired. */
  async openLink(token: string) {
    const link = await this.linkOf(token);
    if (link.answeredAt) throw new Errors.EVALUATIONS_LINK_USED();
    if (link.expiresAt.getTime() <= Date.now()) throw new Errors.EVALUATIONS_LINK_EXPIRED();
    const appraisal = await new TenantCollection(this.appraisals, link.institutionId).get(link.appraisalId);
    const manager = await this.deps.users.get(link.institutionId, appraisal.managerId);
    const { cycle, form } = await this.customerForm(appraisal);
    return { link, manager, cycle, form };
  }

  /** A customer's answer: validated against the form, accepted once, before the link expires. */
  async answerLink(token: string, data: Record<string, unknown>): Promise<void> {
    const { link, form } = await this.openLink(token);
    const schema = form.schema as SchemaNode;
    const key = `evaluation:${createHash('sha256').update(JSON.stringify(schema)).digest('hex')}`;
    const validate = this.deps.forms.validators.get(key, schema);
    if (!validate(data)) throw validationError(describeValidation(validate.errors ?? [], 'data'));
    const now = new Date();
    const result = await this.links.updateOne(
      { _id: link._id, answeredAt: null, expiresAt: { $gt: now } },
      { $set: { answeredAt: now, answers: data } },
    );
    if (result.modifiedCount === 0) throw new Errors.EVALUATIONS_LINK_USED();
  }

  /** The links of an appraisal's sample, with their tokens (for whoever sends them). */
  async linksOf(institutionId: ObjectId, appraisalId: ObjectId): Promise<EvaluationLinkDoc[]> {
    return this.links.find({ institutionId, appraisalId }, { sort: { customerId: 1 } }).toArray();
  }
}
