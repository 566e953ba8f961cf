import type {
  CandidateAssessment,
  Message,
  Ranking,
  SelectionDriveContent,
  SelectionProblem,
  SelectionScores,
} from '@rapport/schemas';
import type { ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { validationError } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';

// The selection's records: drives, their candidates and what certifying one gives back. The service
// (service.ts) re-exports them.

export const DRIVE_STATUSES = ['open', 'closed'] as const;
export type DriveStatus = (typeof DRIVE_STATUSES)[number];

export interface DriveDoc extends SelectionDriveContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: DriveStatus;
  /** Why it closed: its positions were filled, or an admin closed it. */
  closedBecause?: 'filled' | 'closed';
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The exam record a candidate is certified with (资格认证). */
export interface ExamRecord {
  date: Date;
  score: number;
  certificateNumber: string;
}

export interface CandidateDoc extends CandidateAssessment {
  _id: ObjectId;
  institutionId: ObjectId;
  driveId: ObjectId;
  /** The person, once per drive: the user id of an internal candidate, the email of an external one. */
  key: string;
  name: string;
  /** The internal candidate's account; an external one's once certification created it. */
  userId: ObjectId | null;
  email: string | null;
  phone: string | null;
  /** Whether the candidate came from outside (their account was or will be created at certification). */
  external: boolean;
  certification: (ExamRecord & { certifiedAt: Date; by: Actor }) | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type DriveChanges = Partial<Omit<SelectionDriveContent, 'code'>>;

export interface NewCandidate extends CandidateAssessment {
  name: string;
  userId?: ObjectId;
  email?: string;
  phone?: string;
}

export type CandidateChanges = Partial<
  Pick<
    CandidateDoc,
    'name' | 'phone' | 'degree' | 'yearsOfSimilarWork' | 'badRecord' | 'badRecordNote' | 'healthDeclared'
  >
> & {
  /** Scores to set; null clears one. Stages not named keep theirs. */
  scores?: Partial<Record<keyof SelectionScores, number | null>>;
};

/** One candidate's certification: the profile opened and, for an external one, the password made once. */
export interface CertifyResult {
  candidate: CandidateDoc;
  user: UserDoc;
  /** Given only here, once: the account was just created for an external candidate. */
  password?: string;
}

/** A candidate that cannot be certified, and why. */
export interface Refusal {
  candidateId: string;
  name: string;
  reasons: Message[];
}

export type CandidateRanking = Ranking<CandidateDoc & { id: string }>;

export function refuse(problems: SelectionProblem[]): never {
  throw validationError(problems.map((p) => ({ in: 'body', ...p })));
}
