/** The drafts put aside in a chat, each said as the line that tells how to take it up again. */
import { draftKinds } from '../../db/repo/flows';
import type { Db } from '../../db/types';
import { meetings, notices, reports, supervision } from '../messages/vi';

const KEPT: Record<string, string> = {
  hop: meetings.hopKept,
  lich: meetings.lichKept,
  baocao: reports.kept,
  giamsat: supervision.visitKept,
  phancong: supervision.assignKept,
  thongbao: notices.kept,
};

export async function keptDraftLines(db: Db, flowKey: string): Promise<string[]> {
  return (await draftKinds(db, flowKey)).map((k) => KEPT[k]).filter((l) => l !== undefined);
}
