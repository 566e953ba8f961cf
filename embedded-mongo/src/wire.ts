import { type Document, deserialize, serialize } from 'bson';
import { isPlainObject } from './codec.js';
import { crc32c } from './crc32c.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;

const FLAG_CHECKSUM_PRESENT = 1;
const FLAG_MORE_TO_COME = 2;
// Bits 0-15 are "required": a receiver must reject bits it does not understand.
const KNOWN_REQUIRED_FLAGS = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME;

/** A malformed message: the connection that sent it is closed. */
export class WireProtocolError extends Error {
  override name = 'WireProtocolError';
}

export interface OpMsgRequest {
  opCode: typeof OP_MSG;
  requestId: number;
  /** The client expects no reply (unacknowledged writes). */
  moreToCome: boolean;
  /** The command with document sequences folded in; numbers promoted to JS numbers. */
  body: Document;
  /** The same command decoded without numeric promotion, so stored documents keep Int32/Double/Long types. */
  typedBody(): Document;
}

export interface OpQueryRequest {
  opCode: typeof OP_QUERY;
  requestId: number;
  fullCollectionName: string;
  query: Document;
}

export type WireRequest = OpMsgRequest | OpQueryRequest;

/** Accumulates socket chunks and yields complete messages, rejecting impossible lengths early. */
export class MessageFramer {
  #pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const messages: Buffer[] = [];
    while (this.#pending.length >= 4) {
      const length = this.#pending.readInt32LE(0);
      if (length < HEADER_SIZE)
        throw new WireProtocolError(`messageLength ${length} is smaller than a header`);
      if (length > MAX_MESSAGE_SIZE) {
        throw new WireProtocolError(
          `messageLength ${length} exceeds maxMessageSizeBytes ${MAX_MESSAGE_SIZE}`,
        );
      }
      if (this.#pending.length < length) break;
      messages.push(this.#pending.subarray(0, length));
      this.#pending = this.#pending.subarray(length);
    }
    return messages;
  }

  /** Bytes of an incomplete message still waiting for the rest. */
  get pendingBytes(): number {
    return this.#pending.length;
  }
}

export function parseMessage(message: Buffer): WireRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  switch (opCode) {
    case OP_MSG:
      return parseOpMsg(message, requestId);
    case OP_QUERY:
      return parseOpQuery(message, requestId);
    default:
      throw new WireProtocolError(`unsupported opCode ${opCode}`);
  }
}

function decode(bytes: Uint8Array, promote: boolean): Document {
  try {
    return deserialize(bytes, { promoteValues: promote });
  } catch (err) {
    throw new WireProtocolError(`invalid BSON: ${(err as Error).message}`);
  }
}

/** Reads one BSON document's bytes at `offset`, checking its declared length fits before `end`. */
function documentAt(message: Buffer, offset: number, end: number): Buffer {
  if (offset + 5 > end) throw new WireProtocolError('truncated BSON document');
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > end)
    throw new WireProtocolError(`BSON document length ${size} out of bounds`);
  return message.subarray(offset, offset + size);
}

function parseOpMsg(message: Buffer, requestId: number): OpMsgRequest {
  if (message.length < HEADER_SIZE + 5) throw new WireProtocolError('OP_MSG too short');
  const flags = message.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flags & 0xffff & ~KNOWN_REQUIRED_FLAGS;
  if (unknownRequired)
    throw new WireProtocolError(`unknown required OP_MSG flag bits 0x${unknownRequired.toString(16)}`);
  let end = message.length;
  if (flags & FLAG_CHECKSUM_PRESENT) {
    end -= 4;
    if (end < HEADER_SIZE + 5) throw new WireProtocolError('OP_MSG too short for its checksum');
    if (crc32c(message.subarray(0, end)) !== message.readUInt32LE(end)) {
      throw new WireProtocolError('OP_MSG checksum mismatch');
    }
  }
  let bodyBytes: Buffer | undefined;
  const sequences = new Map<string, Buffer[]>();
  let offset = HEADER_SIZE + 4;
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      if (bodyBytes) throw new WireProtocolError('OP_MSG has more than one body section');
      bodyBytes = documentAt(message, offset, end);
      offset += bodyBytes.length;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new WireProtocolError('truncated document sequence');
      const sectionEnd = offset + message.readInt32LE(offset);
      if (sectionEnd > end || sectionEnd < offset + 5)
        throw new WireProtocolError('document sequence out of bounds');
      const nameEnd = message.indexOf(0, offset + 4);
      if (nameEnd < 0 || nameEnd >= sectionEnd)
        throw new WireProtocolError('unterminated document sequence identifier');
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const documents: Buffer[] = [];
      for (let at = nameEnd + 1; at < sectionEnd; ) {
        const doc = documentAt(message, at, sectionEnd);
        documents.push(doc);
        at += doc.length;
      }
      sequences.set(identifier, [...(sequences.get(identifier) ?? []), ...documents]);
      offset = sectionEnd;
    } else {
      throw new WireProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!bodyBytes) throw new WireProtocolError('OP_MSG has no body section');
  const rawBody = bodyBytes;
  const withSequences = (promote: boolean): Document => {
    const doc = decode(rawBody, promote);
    for (const [identifier, docs] of sequences) doc[identifier] = docs.map((d) => decode(d, promote));
    return doc;
  };
  return {
    opCode: OP_MSG,
    requestId,
    moreToCome: (flags & FLAG_MORE_TO_COME) !== 0,
    body: withSequences(true),
    typedBody: () => withSequences(false),
  };
}

function parseOpQuery(message: Buffer, requestId: number): OpQueryRequest {
  const nameStart = HEADER_SIZE + 4;
  const nameEnd = message.indexOf(0, nameStart);
  if (nameEnd < 0) throw new WireProtocolError('unterminated OP_QUERY collection name');
  const fullCollectionName = message.toString('utf8', nameStart, nameEnd);
  // Skip numberToSkip and numberToReturn; the handshake ignores them.
  const queryBytes = documentAt(message, nameEnd + 1 + 8, message.length);
  return { opCode: OP_QUERY, requestId, fullCollectionName, query: decode(queryBytes, true) };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const head = Buffer.alloc(HEADER_SIZE);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

/** A stored document's BSON, sent as it is instead of being decoded and encoded again. */
export class RawDocument {
  constructor(readonly bytes: Buffer) {}
}

const BSON_DOCUMENT = 0x03;
const BSON_ARRAY = 0x04;
const NUL = Buffer.from([0]);

/** Whether `value` holds a RawDocument where replies put documents: a field, an array item, a nested reply field. */
function holdsRaw(value: unknown, depth = 0): boolean {
  if (value instanceof RawDocument) return true;
  if (Array.isArray(value)) return value.some((item) => item instanceof RawDocument);
  return depth < 2 && isPlainObject(value) && Object.values(value).some((v) => holdsRaw(v, depth + 1));
}

const TYPE_DOCUMENT = Buffer.from([BSON_DOCUMENT]);
const TYPE_ARRAY = Buffer.from([BSON_ARRAY]);

// Element names of reply envelopes (`cursor`, `firstBatch`, `0`, `1`, …): made once, since every
// Buffer made while answering costs an allocation.
const cstrings = new Map<string, Buffer>();
function cstringOf(key: string): Buffer {
  let bytes = cstrings.get(key);
  if (!bytes) {
    bytes = Buffer.from(`${key}\0`, 'utf8');
    if (cstrings.size < 100_000) cstrings.set(key, bytes);
  }
  return bytes;
}

/**
 * Appends `doc`'s BSON to `parts`, its RawDocument values copied in as they are; returns its length.
 * Parts are joined once by the caller: many small allocations cost more than the copying.
 */
function appendDocument(doc: Document, parts: Uint8Array[]): number {
  if (!holdsRaw(doc)) {
    const bytes = serialize(doc, { ignoreUndefined: true });
    parts.push(bytes);
    return bytes.length;
  }
  const size = Buffer.alloc(4);
  parts.push(size);
  let length = 4;
  const append = (part: Uint8Array): void => {
    parts.push(part);
    length += part.length;
  };
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined) continue;
    const name = cstringOf(key);
    if (holdsRaw(value)) {
      append(Array.isArray(value) ? TYPE_ARRAY : TYPE_DOCUMENT);
      append(name);
      if (value instanceof RawDocument) append(value.bytes);
      else length += appendDocument(Array.isArray(value) ? { ...value } : value, parts);
    } else {
      // One element as bson writes it: its document without the length prefix and the final NUL.
      const one = serialize({ [key]: value }, { ignoreUndefined: true });
      append(one.subarray(4, one.length - 1));
    }
  }
  append(NUL);
  size.writeInt32LE(length, 0);
  return length;
}

/** A message: header, the fields after it, then `reply`'s BSON, in one allocation. */
function encodeMessage(
  opCode: number,
  fields: Buffer,
  reply: Document,
  requestId: number,
  responseTo: number,
): Buffer {
  const parts: Uint8Array[] = [Buffer.alloc(HEADER_SIZE), fields];
  const length = HEADER_SIZE + fields.length + appendDocument(reply, parts);
  parts[0] = header(length, requestId, responseTo, opCode);
  return Buffer.concat(parts, length);
}

export function encodeOpMsg(reply: Document, requestId: number, responseTo: number): Buffer {
  // flagBits 0, then one body section (kind 0).
  return encodeMessage(OP_MSG, Buffer.alloc(5), reply, requestId, responseTo);
}

export function encodeOpReply(reply: Document, requestId: number, responseTo: number): Buffer {
  // responseFlags, cursorID (int64), startingFrom, numberReturned
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16);
  return encodeMessage(OP_REPLY, fields, reply, requestId, responseTo);
}
