/** pyftpdlib (Debian's python3-pyftpdlib) serving one folder to one user, as a reference server. */
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { freePort, HOST, startChild, type ChildServer } from '../lib/processes.js';

const PYTHON = '/usr/bin/python3'; // Debian's interpreter, the one python3-pyftpdlib is installed for

// Defaults kept (sendfile() for RETR, INFO logging of each transfer); the listen backlog is raised
// so that a burst of connections is not dropped by the kernel, and the connection caps are lifted.
const SCRIPT = `
import logging, sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
host, port, user, password, root, pmin, pmax, numbered = sys.argv[1:9]
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
authorizer = DummyAuthorizer()
authorizer.add_user(user, password, root, perm="elradfmwMT")
for index in range(int(numbered)):
    authorizer.add_user(user + str(index), password, root, perm="elradfmwMT")
class Handler(FTPHandler):
    pass
Handler.authorizer = authorizer
if pmin != "0":
    Handler.passive_ports = range(int(pmin), int(pmax) + 1)
server = FTPServer((host, int(port)), Handler, backlog=1024)
server.max_cons = 2048
server.max_cons_per_ip = 0
server.serve_forever()
`;

export interface PyftpdlibOptions {
  readonly root: string;
  /** Also users `${username}0` … `${username}${numberedUsers - 1}`, same password (the logins scenario). */
  readonly numberedUsers?: number;
  /** Inclusive passive port range; default: any free port. */
  readonly passivePorts?: { readonly min: number; readonly max: number };
}

export async function startPyftpdlib(context: BenchContext, options: PyftpdlibOptions): Promise<ChildServer> {
  const dir = await context.makeDir('pyftpdlib');
  const port = await freePort();
  const { username, password } = context.credentials;
  const range = options.passivePorts ?? { min: 0, max: 0 };
  return startChild({
    name: 'pyftpdlib',
    command: PYTHON,
    args: ['-c', SCRIPT, HOST, String(port), username, password, options.root, String(range.min), String(range.max), String(options.numberedUsers ?? 0)],
    port,
    logFile: join(dir, 'server.log'),
  });
}

