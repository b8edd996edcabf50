import { formatDateInput, formatTimeVi, localParts } from '../../domain/time/zone';

/** `19:30 21/11/2026`: when something was written or sent, in the deployment's zone. */
export function stamp(ms: number, tz: string): string {
  const d = new Date(ms);
  return `${formatTimeVi(d, tz)} ${formatDateInput(localParts(d, tz).isoDate)}`;
}
