/**
 * `web`: a one-time link that opens the dashboard on a browser, bound to this person; `web thoat`
 * ends every session of theirs. Private chat only: a link posted in a group could be used by anyone.
 */
import { issueLogin, liveSessionsOf, revokeAllOf } from '../db/repo/web-sessions';
import { SUMMARY_ROLES } from '../src/domain/summaries/target';
import { dashboardUrl } from '../src/domain/web-login/base';
import { hashSecret, LINK_TTL_MS, newSecret } from '../src/domain/web-login/secrets';
import { dashboard as t } from '../src/messages/vi/dashboard';
import { fold } from '../src/text/normalize';
import { defineCommand, reply } from './define';

const LOGOUT = new Set(['thoat', 'dang xuat', 'logout', 'exit']);

export default defineCommand({
  name: 'web',
  aliases: ['web', 'dangnhap', 'dang nhap', 'dashboard', 'trang web', 'login'],
  access: [...SUMMARY_ROLES],
  summary: t.commandSummary,
  example: 'web',
  inGroup: 'private',
  async run({ db, person, args, now, config, newId }) {
    const words = fold(args);
    if (LOGOUT.has(words)) {
      const live = await liveSessionsOf(db, person!.id, now);
      return { ...reply(t.loggedOut(live.length)), writes: revokeAllOf(db, person!.id, now) };
    }
    if (words) return reply(t.usage);
    const base = dashboardUrl(config);
    if (!base) return reply(t.off);
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    return {
      replies: [
        { text: t.link(`${base}/vao/${secret}`, LINK_TTL_MS / 60_000), secretUntil: expiresAt.getTime() },
      ],
      writes: [
        issueLogin(
          db,
          { id: newId(), personId: person!.id, tokenHash: await hashSecret(secret), expiresAt },
          now,
        ),
      ],
    };
  },
});
