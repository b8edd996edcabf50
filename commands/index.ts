/** Every command, listed explicitly (Workers has no file system to glob). Order is the help order. */
import baocao from './baocao';
import batdau from './batdau';
import type { CommandDef } from './define';
import giamsat from './giamsat';
import hop from './hop';
import huy from './huy';
import lich from './lich';
import lienlac from './lienlac';
import moi from './moi';
import nhacnho from './nhacnho';
import phancong from './phancong';
import toi from './toi';
import trogiup from './trogiup';

export const commands: readonly CommandDef[] = [
  batdau,
  trogiup,
  toi,
  lich,
  hop,
  baocao,
  moi,
  phancong,
  giamsat,
  nhacnho,
  lienlac,
  huy,
];
