/**
 * How long a picture stays at its /media/:id address. Zalo's sendPhoto takes a URL, and Zalo may
 * show the picture from that address rather than from a copy of its own: a chart deleted here would
 * then turn into a broken picture in the chat history. So pictures are kept about as long as anyone
 * scrolls back for a month's figures: thirteen months (see the README for the storage it costs).
 */
export const MEDIA_RETENTION_MS = 400 * 86_400_000;
