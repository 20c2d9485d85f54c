export { FtpServer, type ActiveTransfer, type ListenAddress } from './server.js';
export type {
  BanOptions,
  ClusterOptions,
  FtpServerOptions,
  LimitOptions,
  PassiveOptions,
  ProxyProtocolOptions,
  TlsCredentials,
  TlsOptions,
} from './options.js';
export { DEFAULT_BANS, DEFAULT_CLUSTER, DEFAULT_LIMITS, DEFAULT_PASSIVE, DEFAULT_PROXY_PROTOCOL, DEFAULT_SERVER_NAME, DEFAULT_TLS, DEFAULT_TLS_CIPHERS } from './options.js';
export type { ClusterStats } from './cluster/cluster-node.js';
export { PassiveLayout, type PortSlice } from './cluster/passive-layout.js';
export { replicaFromHostname } from './cluster/replica-identity.js';
export type { Authenticator, LoginRequest, Permission, UserAccount, UserLimits } from './auth.js';
export { ALL_PERMISSIONS } from './auth.js';
export { FilePolicy, OPEN_FILE_POLICY, type FileRules, type FolderRules, type ScopedFileRules } from './policy/file-policy.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export { FtpError, replyForError } from './errors.js';
export type { CommandSpec } from './command-spec.js';
export type { CommandContext } from './context.js';
export { commandTable } from './commands/index.js';
export type {
  PassivePortWaitEvent,
  RefusalEvent,
  RefusalReason,
  ServerObserver,
  TlsFailureEvent,
  TlsHandshakeEvent,
  TransferRecord,
} from './observer.js';
