// Rows <-> the spec's session JSON. Header fields are columns; metadata, extra top-level keys and
// each message are stored as `json` text (key order kept), so a session round-trips exactly.
import { HEADER_KEYS, type Message, type SessionData, type SessionMetadata } from "../../messages/types.js";
import { extraKeys } from "../serialize.js";
import { type SessionSummary, shorten } from "../summary.js";

export interface SessionRow {
  id: string;
  working_dir: string;
  model: string;
  created_at: string;
  updated_at: string;
  metadata: string;
  extra: string;
  message_count: number;
  first_message: string | null;
}

export const SESSION_COLUMNS =
  "id, working_dir, model, created_at, updated_at, metadata::text AS metadata, extra::text AS extra, message_count, first_message";

export function extraOf(data: SessionData): Record<string, unknown> {
  const record = data as Record<string, unknown>;
  return Object.fromEntries(extraKeys(data).map((key) => [key, record[key]]));
}

export function firstUserText(messages: Message[]): string | null {
  const first = messages.find((m) => m.role === "user");
  return first && typeof first.content === "string" ? shorten(first.content) : null;
}

/** Column values of a session's header, in SESSION_COLUMNS order (message_count/first_message given). */
export function headerValues(data: SessionData): unknown[] {
  return [
    data.id,
    data.working_dir,
    data.model,
    data.created_at,
    data.updated_at,
    JSON.stringify(data.metadata ?? {}),
    JSON.stringify(extraOf(data)),
    data.messages.length,
    firstUserText(data.messages),
  ];
}

/** A session object with the spec's key order: header keys, messages, then the extra keys. */
export function sessionFromRow(row: SessionRow, messages: Message[]): SessionData {
  const data: Record<string, unknown> = {};
  const header: Record<string, unknown> = {
    id: row.id,
    working_dir: row.working_dir,
    model: row.model,
    created_at: row.created_at,
    updated_at: row.updated_at,
    metadata: JSON.parse(row.metadata) as SessionMetadata,
  };
  for (const key of HEADER_KEYS) data[key] = header[key];
  data.messages = messages;
  Object.assign(data, JSON.parse(row.extra));
  return data as SessionData;
}

/**
 * The columns listing reads, fetched as one array per row (pg then builds no object per row), and
 * the row's version: its `xmin`, the transaction that last wrote it (see list-cache.ts).
 */
export const SUMMARY_COLUMNS =
  "id, working_dir, model, created_at, updated_at, metadata::text, message_count, first_message, xmin::text";

export type SummaryRow = [
  id: string,
  working_dir: string,
  model: string,
  created_at: string,
  updated_at: string,
  metadata: string,
  message_count: number,
  first_message: string | null,
  version: string,
];

export function summaryFromRow(row: SummaryRow, location: (id: string) => string): SessionSummary {
  return {
    id: row[0],
    working_dir: row[1],
    model: row[2],
    created_at: row[3],
    updated_at: row[4],
    metadata: JSON.parse(row[5]) as SessionMetadata,
    message_count: row[6],
    first_message: row[7] ?? undefined,
    path: location(row[0]),
  };
}
