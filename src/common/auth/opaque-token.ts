import { createHash, randomBytes } from 'node:crypto';

/** A random bearer secret (refresh tokens, invitation links): 256 bits, URL-safe. */
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

/** Tokens are stored only as this digest; a fast hash suffices for 256 random bits. */
export const digestToken = (token: string) => createHash('sha256').update(token).digest('hex');
