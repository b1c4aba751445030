// One-line JSON logs on stdout/stderr. Callers pass only values that are safe to write:
// never an IP, a user agent, a cookie or a raw request.

export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean>): void;
  error(message: string, fields?: Record<string, string | number | boolean>): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const log = (level: string, message: string, fields?: Record<string, string | number | boolean>) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
  return {
    info: (message, fields) => log('info', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

export const silentLogger: Logger = { info() {}, error() {} };
