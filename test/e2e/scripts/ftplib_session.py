"""One ftplib session against the server, driven by the ftplib end-to-end test.

Usage: ftplib_session.py HOST PORT USER PASSWORD (passive|active) LOCAL_DIR

Uploads LOCAL_DIR/upload.bin as upload.bin, downloads download.bin to LOCAL_DIR/download.bin,
lists with NLST and MLSD, aborts a RETR of big.bin part-way through, then proves the session still
works. Prints one JSON object with what the server answered.
"""
import ftplib
import json
import os
import sys

host, port, user, password, mode, local = sys.argv[1:7]
result = {}

ftp = ftplib.FTP()
ftp.connect(host, int(port), timeout=20)
ftp.login(user, password)
ftp.set_pasv(mode == "passive")

with open(os.path.join(local, "upload.bin"), "rb") as source:
    result["stor"] = ftp.storbinary("STOR upload.bin", source, blocksize=64 * 1024)

with open(os.path.join(local, "download.bin"), "wb") as target:
    result["retr"] = ftp.retrbinary("RETR download.bin", target.write, blocksize=64 * 1024)

result["nlst"] = sorted(ftp.nlst())
result["mlsd"] = {name: facts for name, facts in ftp.mlsd("/", facts=["type", "size", "modify"])}

# ABOR during a long RETR: read a little, then abort. ftplib sends ABOR as urgent data (MSG_OOB).
# RFC 959 §4.1.3: the transfer is answered 426, then the ABOR itself 226.
ftp.voidcmd("TYPE I")
connection = ftp.transfercmd("RETR big.bin")
received = 0
while received < 256 * 1024:
    chunk = connection.recv(64 * 1024)
    if not chunk:
        break
    received += len(chunk)
first = ftp.abort()
second = ftp.getresp() if first.startswith("426") else None
connection.close()
result["abort"] = {"received": received, "replies": [first, second]}

# The session keeps serving after the abort.
result["noop"] = ftp.voidcmd("NOOP")
result["nlst_after_abort"] = sorted(ftp.nlst())
with open(os.path.join(local, "download-again.bin"), "wb") as target:
    result["retr_after_abort"] = ftp.retrbinary("RETR download.bin", target.write)

result["quit"] = ftp.quit()
print(json.dumps(result))
