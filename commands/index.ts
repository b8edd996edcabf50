/** Every command, listed explicitly (Workers has no file system to glob). Order is the help order. */
import batdau from './batdau';
import type { CommandDef } from './define';
import huy from './huy';
import moi from './moi';
import toi from './toi';
import trogiup from './trogiup';

export const commands: readonly CommandDef[] = [batdau, trogiup, toi, moi, huy];
