// Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): about
// 40–50 ms here, computed on libuv's thread pool so sign-in never blocks other requests.
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 exports Algorithm as an ambient const enum, which verbatimModuleSyntax cannot
// import: 2 is its Argon2id member.
const ARGON2ID = 2;
import type { PasswordPolicy } from '../config/options.ts';

export interface HashingCost {
  readonly memoryKiB: number;
  readonly passes: number;
}

export function hashPassword(password: string, cost: HashingCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.passes, parallelism: 1 });
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * Every check of a credential a person types (sign-in, re-authentication), counted: the count is
 * the work an attacker can make the server do, which the lockout bounds (R-LOCK-2) and which must
 * be the same for unknown and known accounts (R-AUTH-1). Password-history checks are not counted.
 */
export class PasswordChecks {
  #performed = 0;
  #dummy: Promise<string> | null = null;
  constructor(private readonly cost: HashingCost) {}

  /** How many credential checks this instance has made. */
  get performed(): number {
    return this.#performed;
  }

  check(storedHash: string, password: string): Promise<boolean> {
    this.#performed += 1;
    return verifyPassword(storedHash, password);
  }

  /**
   * A check against a hash of the same cost when the user does not exist (or has no password yet):
   * "unknown user" takes as long as "wrong password" (R-AUTH-1).
   */
  async burn(password: string): Promise<false> {
    this.#dummy ??= hashPassword('gatehouse-dummy-password', this.cost);
    await this.check(await this.#dummy, password);
    return false;
  }
}

const SYMBOL = /[^A-Za-z0-9]/;

/** The reasons a password breaks the policy, empty when it complies (R-PWD-1; history is checked separately). */
export function passwordPolicyViolations(password: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`at least ${policy.minLength} characters`);
  if (length > policy.maxLength) problems.push(`at most ${policy.maxLength} characters`);
  if (policy.requireUpper && !/[A-Z]/.test(password)) problems.push('an upper-case letter');
  if (policy.requireLower && !/[a-z]/.test(password)) problems.push('a lower-case letter');
  if (policy.requireDigit && !/[0-9]/.test(password)) problems.push('a digit');
  if (policy.requireSymbol && !SYMBOL.test(password)) problems.push('a symbol');
  return problems;
}
