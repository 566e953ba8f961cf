import type { Document } from 'bson';

/** MongoDB's numeric error codes, named as the server names them (codeName). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  Unauthorized: 13,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  InvalidPipelineOperator: 168,
  ViewDepthLimitExceeded: 170,
  InvalidIndexSpecificationOption: 197,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
  Location40414: 40414,
  Location40601: 40601,
  Location40415: 40415,
  Location51183: 51183,
  Location51132: 51132,
  Location13113: 13113,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** A command failure that is reported to the client in MongoDB's `{ok: 0, errmsg, code, codeName}` shape. */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  /** Extra fields MongoDB adds to this error (e.g. keyPattern/keyValue for duplicate keys). */
  readonly details: Document;

  constructor(codeName: ErrorCodeName, message: string, details: Document = {}) {
    super(message);
    this.codeName = codeName;
    this.code = ErrorCodes[codeName];
    this.details = details;
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.details };
  }

  /** The element of a write command's `writeErrors` array. */
  toWriteError(index: number): Document {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.details };
  }
}

/** Maps anything thrown while running a command (mingo errors included) to a MongoDB command error. */
export function asCommandError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Storage failures are the server's fault; everything else (mingo parse/eval errors) is the request's.
  const storageFailure = err instanceof Error && err.name === 'SqliteError';
  return new MongoCommandError(storageFailure ? 'InternalError' : 'BadValue', message);
}
