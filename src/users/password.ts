import * as argon2 from 'argon2';

/** argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane), as §4 asks. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

// Verified when no account matches, so an unknown e-mail costs as much time as a wrong password.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword('decoy password that matches nothing');
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
