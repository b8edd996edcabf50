/**
 * Why the bot could not start, in one line that names the variable to fix: an operator reading a
 * service log needs "PORT 8787 is already in use", not a stack trace through node_modules.
 */
import { DatabaseFileError, type NodeDatabase, openDatabase } from '../../db/sqlite';

export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly variable: string,
    value: string | number,
    problem: string,
  ) {
    super(`${variable}=${value}: ${problem}`);
  }
}

interface SystemError {
  code?: string;
  syscall?: string;
  path?: string;
  message?: string;
}

/** A listen() failure, told in terms of HOST and PORT. */
export function listenError(err: unknown, host: string, port: number): StartupError {
  const e = (err ?? {}) as SystemError;
  switch (e.code) {
    case 'EADDRINUSE':
      return new StartupError(
        'PORT',
        port,
        `port ${port} on ${host} is already in use (another chibo or another program); stop it or choose another PORT`,
      );
    case 'EACCES':
      return new StartupError(
        'PORT',
        port,
        `not allowed to listen on port ${port} (ports below 1024 need privileges; use 8787 behind a reverse proxy)`,
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        'HOST',
        host,
        'this machine has no such address (use 127.0.0.1, 0.0.0.0 or one of its own addresses)',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        'HOST',
        host,
        'this host name does not resolve (use an IP address such as 127.0.0.1 or 0.0.0.0)',
      );
    default:
      return new StartupError(
        'PORT',
        port,
        `cannot listen on ${host}:${port}: ${e.code ?? e.message ?? String(err)}`,
      );
  }
}

/** One line for any other failure: the message, never the stack (LOG_LEVEL=debug prints that). */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

/** The SQLite file of DATABASE_PATH, or a StartupError saying what is wrong with it. */
export function openConfiguredDatabase(path: string): NodeDatabase {
  try {
    return openDatabase(path);
  } catch (err) {
    if (err instanceof DatabaseFileError) throw new StartupError('DATABASE_PATH', path, err.message);
    throw err;
  }
}
