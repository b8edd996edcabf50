/** Every command, listed explicitly (Workers has no file system to glob). Order is the help order. */
import baocao from './baocao';
import batdau from './batdau';
import bieudo from './bieudo';
import chuabaocao from './chuabaocao';
import chuahop from './chuahop';
import daxem from './daxem';
import type { CommandDef } from './define';
import giamsat from './giamsat';
import hop from './hop';
import huy from './huy';
import lich from './lich';
import lienlac from './lienlac';
import moi from './moi';
import nhacnho from './nhacnho';
import nhom from './nhom';
import phancong from './phancong';
import thongbao from './thongbao';
import toi from './toi';
import tonghop from './tonghop';
import trogiup from './trogiup';
import web from './web';
import xuat from './xuat';

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
  tonghop,
  chuahop,
  chuabaocao,
  bieudo,
  xuat,
  web,
  thongbao,
  daxem,
  nhacnho,
  nhom,
  lienlac,
  huy,
];
