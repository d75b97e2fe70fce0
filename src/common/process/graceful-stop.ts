import type { INestApplicationContext } from '@nestjs/common';

/**
 * Graceful stop (§9) on SIGTERM or SIGINT: `closeFirst` (the API's HTTP server, which stops taking connections and
 * answers every request in flight), then the modules let go of PostgreSQL, Redis and the queues (the worker's
 * BullMQ workers finish or hand back their jobs), and the process ends with 0. Nest's own shutdown hooks would
 * release modules first (the login limiter drops its Redis connection, failing logins in flight) and end the
 * process by raising the signal again (exit 143).
 */
export function stopGracefullyOnSignals(
  app: INestApplicationContext,
  closeFirst: () => Promise<void> = async () => undefined,
): void {
  let stopping = false;
  const stop = async () => {
    // A second signal while stopping changes nothing: the stop already under way finishes what is in flight.
    if (stopping) return;
    stopping = true;
    try {
      await closeFirst();
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error('Shutdown failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop());
}
