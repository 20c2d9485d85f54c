/** ftp-srv with one user and its defaults otherwise, run as its own process by servers/ftp-srv.ts. */
import { FtpSrv } from 'ftp-srv';

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

const root = setting('BENCH_ROOT');
const username = setting('BENCH_USERNAME');
const password = setting('BENCH_PASSWORD');
const server = new FtpSrv({
  url: `ftp://127.0.0.1:${setting('BENCH_PORT')}`,
  pasv_url: '127.0.0.1',
  pasv_min: Number(setting('BENCH_PASV_MIN')),
  pasv_max: Number(setting('BENCH_PASV_MAX')),
});
server.on('login', ({ username: user, password: secret }, resolve, reject) => {
  if (user === username && secret === password) resolve({ root });
  else reject(new Error('bad credentials'));
});
await server.listen();
