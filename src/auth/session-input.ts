// The public id of one session in a request body (session-handle.ts): hexadecimal of a fixed
// length, so anything else is bad input (400) before any record is read.
import { z } from 'zod';
import { SESSION_HANDLE_LENGTH } from './session-handle.ts';

export const sessionIdInput = z
  .string()
  .trim()
  .regex(new RegExp(`^[0-9a-f]{${SESSION_HANDLE_LENGTH}}$`), 'Not a session id from the sessions list')
  .describe('The id of a session as the sessions list gives it');
