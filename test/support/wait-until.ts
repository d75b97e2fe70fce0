export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until the condition holds; `what` (a text, or one made at the time out) names it in the failure. A
 * condition that throws ends the wait at once with its error.
 */
export async function waitUntil(
  what: string | (() => string | Promise<string>),
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : await what()}`,
      );
    }
    await sleep(everyMs);
  }
}
