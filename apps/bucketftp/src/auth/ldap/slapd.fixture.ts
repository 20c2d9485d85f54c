/**
 * A real OpenLDAP `slapd` for the tests of one file: a generated cn=config folder (mdb database,
 * memberof overlay, TLS with a test CA made by openssl), listening on ldap:// and ldaps:// on free
 * ports of 127.0.0.1, populated with an LDIF through ldapadd. A missing slapd is an error (under
 * CI=true it says that CI must install it), never a skip.
 */
import { startEmulatorProcess, freePort, pauseProcess, requireProgram } from '@bucketftp/storage/testing';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { escapeDnValue } from './escape.js';

const run = promisify(execFile);

export const SUFFIX = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;
const ADMIN_PASSWORD = 'admin-secret';

export interface SlapdServer {
  /** `ldap://127.0.0.1:PORT` (StartTLS offered). */
  readonly url: string;
  /** `ldaps://127.0.0.1:PORT`. */
  readonly ldapsUrl: string;
  /** The PEM certificate of the CA that signed the server's certificate (IP:127.0.0.1, DNS:localhost). */
  readonly caPem: string;
  readonly pid: number;
  /** SIGSTOP, resolved once every thread has stopped: connections are still accepted by the kernel, but nothing answers. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

/** Debian installs slapd and slapadd in /usr/sbin, which is not always on PATH. */
function program(name: string, variable: string): string {
  const sbin = join('/usr/sbin', name);
  return requireProgram(name, process.env[variable] ?? (existsSync(sbin) ? sbin : undefined));
}

export interface TestCa {
  readonly caPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
}

/** A CA and a server certificate it signed, for 127.0.0.1 and localhost, written in `dir`. */
export async function createTestCa(dir: string, commonName = 'bucketftp test CA'): Promise<TestCa> {
  const file = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', `/CN=${commonName}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem')]);
  return { caPem: await readFile(file('ca.pem'), 'utf8'), certFile: file('server.pem'), keyFile: file('server.key'), caFile: file('ca.pem') };
}

function configLdif(dir: string, ca: TestCa): string {
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcTLSCACertificateFile: ${ca.caFile}
olcTLSCertificateFile: ${ca.certFile}
olcTLSCertificateKeyFile: ${ca.keyFile}

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${SUFFIX}
olcRootDN: ${ADMIN_DN}
olcRootPW: ${ADMIN_PASSWORD}
olcDbDirectory: ${join(dir, 'db')}
olcDbMaxSize: 16777216
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by users read by * none

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts slapd with `ldif` (entries under dc=example,dc=org; the suffix entry itself included) loaded. */
export async function startSlapd(ldif: string): Promise<SlapdServer> {
  const slapd = program('slapd', 'BUCKETFTP_SLAPD');
  const slapadd = program('slapadd', 'BUCKETFTP_SLAPADD');
  const ldapadd = requireProgram('ldapadd', process.env.BUCKETFTP_LDAPADD);
  const dir = await mkdtemp(join(tmpdir(), 'bucketftp-slapd-'));
  try {
    const ca = await createTestCa(dir);
    await mkdir(join(dir, 'config'));
    await mkdir(join(dir, 'db'));
    await writeFile(join(dir, 'config.ldif'), configLdif(dir, ca));
    await run(slapadd, ['-n', '0', '-F', join(dir, 'config'), '-l', join(dir, 'config.ldif')]);
    const tlsPort = await freePort();
    const server = await startEmulatorProcess({
      name: 'slapd',
      command: slapd,
      args: (port) => ['-F', join(dir, 'config'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`, '-d', 'none'],
      ready: (port) => accepts(port),
      startTimeoutMs: 10_000,
    });
    const url = `ldap://127.0.0.1:${server.port}`;
    await writeFile(join(dir, 'data.ldif'), ldif);
    try {
      await run(ldapadd, ['-x', '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD, '-f', join(dir, 'data.ldif')]);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return {
      url,
      ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`,
      caPem: ca.caPem,
      pid: server.pid,
      pause: () => pauseProcess(server.pid, 'slapd'),
      resume: () => process.kill(server.pid, 'SIGCONT'),
      stop: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** inetOrgPerson entries with a password, and groupOfNames groups (memberOf is kept by the overlay). */
export function directoryLdif(directory: {
  people: readonly { uid: string; password: string; mail?: string }[];
  groups?: readonly { cn: string; members: readonly string[] }[];
  services?: readonly { cn: string; password: string }[];
}): string {
  const entries = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
  ];
  const b64 = (value: string): string => `:: ${Buffer.from(value).toString('base64')}`; // LDIF (RFC 2849) for any value
  for (const service of directory.services ?? []) {
    entries.push(`dn${b64(`cn=${service.cn},ou=services,${SUFFIX}`)}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\ncn${b64(service.cn)}\nuserPassword${b64(service.password)}`);
  }
  for (const person of directory.people) {
    const lines = [`dn${b64(`uid=${escapeDnValue(person.uid)},ou=people,${SUFFIX}`)}`, 'objectClass: inetOrgPerson', `uid${b64(person.uid)}`, `cn${b64(person.uid)}`, `sn${b64(person.uid)}`, `userPassword${b64(person.password)}`];
    if (person.mail) lines.push(`mail${b64(person.mail)}`);
    entries.push(lines.join('\n'));
  }
  for (const group of directory.groups ?? []) {
    const members = group.members.map((uid) => `member${b64(`uid=${escapeDnValue(uid)},ou=people,${SUFFIX}`)}`);
    entries.push([`dn${b64(`cn=${group.cn},ou=groups,${SUFFIX}`)}`, 'objectClass: groupOfNames', `cn${b64(group.cn)}`, ...members].join('\n'));
  }
  return `${entries.join('\n\n')}\n`;
}
