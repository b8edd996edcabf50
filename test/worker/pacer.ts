/**
 * Driving the deployment's outbox pacer (the OutboxPacer Durable Object) from a test: its alarms
 * fire on their own in workerd; `pacerIdle` waits for the running one, runs any that is due, and
 * returns once none is running or due (an alarm set for later, the next reminder, stays set).
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type OutboxPacer, pacerOf } from '../../src/entry/worker';

export async function pacerIdle(): Promise<void> {
  // The object is typed over the Worker's Env, the test helpers over the tests' own.
  const stub = pacerOf(env) as unknown as DurableObjectStub;
  for (let i = 0; i < 10_000; i++) {
    await runInDurableObject(stub, (pacer) => (pacer as unknown as OutboxPacer).settled());
    const at = await runInDurableObject(stub, (_pacer, state) => state.storage.getAlarm());
    if (at === null || at > Date.now()) return;
    await runDurableObjectAlarm(stub);
  }
  throw new Error('the pacer kept setting alarms due now');
}
