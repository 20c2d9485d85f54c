/**
 * The FTP test kit (`@bucketftp/server/testing`): one control-connection client and one data
 * client, for unit tests, end-to-end tests, the cluster tests and the bench.
 */
export {
  ControlClient,
  expectReply,
  parseEpsvReply,
  parsePasvReply,
  type ControlClientOptions,
  type DataTarget,
  type FtpReply,
  type PassiveKind,
} from './control-client.js';
export {
  connectData,
  download,
  downloadTls,
  listenActive,
  openPassive,
  portArgument,
  receiveAll,
  secureDataClient,
  secureLogin,
  sendAll,
  sessionTicket,
  streamedTransfer,
  upload,
  uploadTls,
  type DataConnectOptions,
  type StreamedTransferOptions,
  type TlsTransfer,
} from './data-client.js';
