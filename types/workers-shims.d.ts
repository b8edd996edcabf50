/**
 * @cloudflare/workers-types declares `clearTimeout(id: number | null)`, but the platform (like every
 * web runtime) accepts `undefined` too; shared code clears a timer that may not have been set.
 */
declare function clearTimeout(timeoutId: number | null | undefined): void;
