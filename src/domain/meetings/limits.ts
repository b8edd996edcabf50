/**
 * The longest texts a meeting keeps, in characters as seen (text/length.ts). Longer is refused with
 * the limit named, never cut: a place or topic is one line in a reminder, the attendee a name, the
 * note a short remark; what does not fit is asked again, shorter.
 */
export const MAX_PLACE = 200;
export const MAX_TOPIC = 200;
export const MAX_ATTENDEE = 100;
export const MAX_NOTE = 500;
