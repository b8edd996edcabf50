/**
 * Shapes of what the Zalo Bot Platform sends us: API responses and webhook bodies. Lenient on
 * purpose: unknown fields are dropped, ids may come as strings or numbers (we always keep text),
 * and cosmetic fields that arrive malformed become undefined instead of failing the whole message.
 */
import { z } from 'zod';

/** Zalo ids are hex-like strings; accept numbers too and store text. */
const id = z.union([z.string().min(1), z.number().finite()]).transform(String);

/** Unix time in seconds or milliseconds (both are seen) → milliseconds. */
const timestamp = z.union([z.number().finite().positive(), z.string().regex(/^\d{1,16}$/)]).transform((v) => {
  const n = Number(v);
  return n < 1e11 ? n * 1000 : n;
});

const optionalText = z.string().optional().catch(undefined);

/** `{ok, result?, description?, error_code?}`; `parameters` is Telegram-style and only maybe sent. */
export const zaloEnvelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional().catch(undefined),
  error_code: z.number().int().optional().catch(undefined),
  parameters: z
    .object({ retry_after: z.number().nonnegative().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type ZaloEnvelope = z.infer<typeof zaloEnvelopeSchema>;

/** Result of sendMessage, sendPhoto, sendSticker. */
export const zaloSentMessageSchema = z.object({
  message_id: id,
  date: timestamp.optional().catch(undefined),
});
export type ZaloSentMessage = z.infer<typeof zaloSentMessageSchema>;

export const zaloBotInfoSchema = z.object({
  id,
  account_name: optionalText,
  account_type: optionalText,
  can_join_groups: z.boolean().optional().catch(undefined),
});
export type ZaloBotInfo = z.infer<typeof zaloBotInfoSchema>;

/** Result of setWebhook, deleteWebhook (url ''), getWebhookInfo. */
export const zaloWebhookInfoSchema = z.object({
  url: z.string(),
  updated_at: timestamp.optional().catch(undefined),
});
export type ZaloWebhookInfo = z.infer<typeof zaloWebhookInfoSchema>;

export const zaloMessageSchema = z.object({
  message_id: id,
  date: timestamp.optional().catch(undefined),
  chat: z.object({
    id,
    /** PRIVATE or GROUP; anything else is kept (upper-cased) and treated as private. */
    chat_type: z
      .string()
      .transform((s) => s.toUpperCase())
      .optional()
      .catch(undefined),
  }),
  from: z
    .object({
      id,
      display_name: optionalText,
      name: optionalText,
      first_name: optionalText,
      is_bot: z.boolean().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  text: optionalText,
  /** Image URL: `photo` in the docs, `photo_url` in other implementations. */
  photo: optionalText,
  photo_url: optionalText,
  caption: optionalText,
  sticker: optionalText,
  url: optionalText,
});
export type ZaloMessage = z.infer<typeof zaloMessageSchema>;

/**
 * One webhook event. `message` stays unknown here: events we do not handle (user.follow…) may carry
 * other shapes, and must not be refused for it. Parse it with zaloMessageSchema when it matters.
 */
export const zaloEventSchema = z.object({
  /** Required by the docs for webhooks; getUpdates results have been transcribed without it. */
  event_name: z.string().min(1).max(200).optional(),
  message: z.unknown().optional(),
});
export type ZaloEvent = z.infer<typeof zaloEventSchema>;

/** The documented `{ok, result: event}` body or the flat `event` body seen in production. */
export const zaloWebhookBodySchema = z
  .union([z.object({ ok: z.boolean().optional(), result: zaloEventSchema }), zaloEventSchema])
  .transform((body): ZaloEvent => ('result' in body ? body.result : body));
