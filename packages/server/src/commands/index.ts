/** The command table: one file per verb, listed here (RFC 959 §4.1 order, then extensions, then RFC 4217). */
import { USER } from './user.js';
import { PASS } from './pass.js';
import { ACCT } from './acct.js';
import { CWD } from './cwd.js';
import { CDUP } from './cdup.js';
import { SMNT } from './smnt.js';
import { REIN } from './rein.js';
import { QUIT } from './quit.js';
import { PORT } from './port.js';
import { PASV } from './pasv.js';
import { EPRT } from './eprt.js';
import { EPSV } from './epsv.js';
import { TYPE } from './type.js';
import { STRU } from './stru.js';
import { MODE } from './mode.js';
import { RETR } from './retr.js';
import { STOR } from './stor.js';
import { STOU } from './stou.js';
import { APPE } from './appe.js';
import { ALLO } from './allo.js';
import { REST } from './rest.js';
import { RNFR } from './rnfr.js';
import { RNTO } from './rnto.js';
import { ABOR } from './abor.js';
import { DELE } from './dele.js';
import { RMD } from './rmd.js';
import { MKD } from './mkd.js';
import { PWD } from './pwd.js';
import { LIST } from './list.js';
import { NLST } from './nlst.js';
import { SITE } from './site.js';
import { SYST } from './syst.js';
import { STAT } from './stat.js';
import { HELP } from './help.js';
import { NOOP } from './noop.js';
import { FEAT } from './feat.js';
import { OPTS } from './opts.js';
import { SIZE } from './size.js';
import { MDTM } from './mdtm.js';
import { MFMT } from './mfmt.js';
import { MLST } from './mlst.js';
import { MLSD } from './mlsd.js';
import { HASH } from './hash.js';
import { AUTH } from './auth.js';
import { PBSZ } from './pbsz.js';
import { PROT } from './prot.js';
import { CCC } from './ccc.js';
import { CommandTable } from './table.js';

export const commandTable = new CommandTable([
  USER,
  PASS,
  ACCT,
  CWD,
  CDUP,
  SMNT,
  REIN,
  QUIT,
  PORT,
  PASV,
  EPRT,
  EPSV,
  TYPE,
  STRU,
  MODE,
  RETR,
  STOR,
  STOU,
  APPE,
  ALLO,
  REST,
  RNFR,
  RNTO,
  ABOR,
  DELE,
  RMD,
  MKD,
  PWD,
  LIST,
  NLST,
  SITE,
  SYST,
  STAT,
  HELP,
  NOOP,
  FEAT,
  OPTS,
  SIZE,
  MDTM,
  MFMT,
  MLST,
  MLSD,
  HASH,
  AUTH,
  PBSZ,
  PROT,
  CCC,
]);

export { CommandTable };
