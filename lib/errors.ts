/**
 * Expected failures carry a stable code; the code is also the message key under `errors.` in the
 * message files, so the same error reads correctly in the API, on H5 pages and in logs.
 */
export const ERROR_STATUS = {
  unauthorized: 401,
  forbidden: 403,
  validation_failed: 422,
  malformed_json: 400,
  unsupported_media_type: 415,
  order_not_found: 404,
  // The shop asked for a widget ticket for a customer it never sent (PUT an order first).
  customer_not_found: 404,
  customer_has_no_orders: 409,
  order_not_owned: 403,
  complaint_not_found: 404,
  upload_not_found: 404,
  upload_in_use: 409,
  idempotency_key_missing: 400,
  idempotency_key_reused: 422,
  link_invalid: 400,
  link_expired: 410,
  // An H5 link is exchanged once for a session; opening it again (forwarded, or later) is refused.
  link_used: 410,
  // The customer's own order, but the H5 session was opened for another one.
  order_out_of_scope: 403,
  h5_session_not_found: 404,
  session_required: 401,
  too_many_images: 422,
  file_too_large: 413,
  file_type_not_allowed: 415,
  // Short videos (lib/storage/video-rules.ts): one per complaint or rating, within a size and a length.
  too_many_videos: 422,
  video_too_large: 413,
  video_too_long: 422,
  // An MP4 or WebM whose video track or length cannot be read from the container.
  video_unreadable: 422,
  // A Range request for bytes the file does not have (RFC 9110 §15.5.17).
  range_not_satisfiable: 416,
  description_too_long: 422,
  not_found: 404,
  // A risk model needs history to learn from (lib/risk/train-risk-model.ts MINIMUM_HISTORY).
  risk_history_too_short: 422,
  method_not_allowed: 405,
  sign_in_required: 401,
  stale_complaint: 409,
  illegal_transition: 409,
  already_assigned: 409,
  held_by_colleague: 403,
  escalated_to_l2: 403,
  assignee_not_eligible: 422,
  refund_exceeds_order: 422,
  order_not_refundable: 409,
  compensation_cap_complaint: 422,
  compensation_cap_customer: 422,
  compensation_not_found: 404,
  compensation_expired: 410,
  stale_settings: 409,
  survey_already_answered: 409,
  case_already_reviewed: 409,
  export_too_large: 422,
  // A stored encrypted value failed authentication (tampered, or copied from another row).
  field_integrity_failed: 409,
  workflow_run_not_replayable: 409,
  workflow_run_not_open: 409,
  workflow_function_unavailable: 409,
  workflow_not_cron: 422,
  rate_limited: 429,
  // A set-password link that is unknown, used, expired, or whose account was deactivated.
  staff_token_invalid: 400,
  // An admin cannot demote or deactivate themselves, nor the last active admin.
  team_own_admin: 409,
  team_last_admin: 409,
  staff_not_found: 404,
  suggestion_not_found: 404,
  // An order is rated once.
  rating_exists: 409,
  // Acknowledged or thanked already (a colleague was first): the flow allows it only once.
  suggestion_state: 409,
  // The database had no connection free in time (a wave beyond the pool): try again shortly.
  busy: 503,
  // PostgreSQL cannot be reached (stopped, restarting, network): nothing was written; try again.
  database_unavailable: 503,
  // The upload store has no room left (disk full): nothing was recorded.
  storage_full: 507,
  content_length_required: 411,
  // A/B experiments (lib/experiments): one running per variable and target; stop and ship once.
  experiment_overlap: 409,
  experiment_not_running: 409,
  experiment_shipped: 409,
  // The handling rule a compensation experiment varied is no longer an offer in the version in force.
  experiment_target_gone: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One invalid input field: `path` is the dotted field path, `code` a key under `fields.`. */
export type FieldIssue = { path: string; code: string; params?: Record<string, string | number> };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldIssue[];
  readonly params: Record<string, string | number>;
  /** For `rate_limited`: when to try again (the Retry-After header). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    options: { fields?: FieldIssue[]; params?: Record<string, string | number>; retryAfterSeconds?: number } = {},
  ) {
    super(code);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = options.fields ?? [];
    this.params = options.params ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
