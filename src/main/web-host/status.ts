import type { ErrorCode } from '../../shared/contract';

/** HTTP status for each contract error code (the body is the same `{ error }` every host answers). */
export const httpStatus: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  internal: 500,
};
