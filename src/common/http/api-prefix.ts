/** Every API route lives under this prefix (§3); health and the queue dashboard stay outside it. */
export const API_PREFIX = 'api/v1';
