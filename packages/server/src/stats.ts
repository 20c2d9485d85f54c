/** Byte and transfer counts for the QUIT farewell (as classic servers report them). */
export class SessionStats {
  fileBytes = 0;
  files = 0;
  totalBytes = 0;
  transfers = 0;

  record(kind: 'file' | 'listing', bytes: number): void {
    this.transfers += 1;
    this.totalBytes += bytes;
    if (kind === 'file') {
      this.files += 1;
      this.fileBytes += bytes;
    }
  }
}
