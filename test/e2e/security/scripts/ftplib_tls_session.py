"""One ftplib.FTP_TLS session against the server, driven by the ftplib FTPS end-to-end test.

Usage: ftplib_tls_session.py HOST PORT USER PASSWORD CAFILE (passive|active) LOCAL_DIR

Verifies the server certificate against CAFILE (hostname checked against the IP address), logs in
over AUTH TLS, switches to PROT P, uploads LOCAL_DIR/upload.bin, downloads it back, lists with NLST
and MLSD. Each data connection is wrapped in TLS after the 1xx reply, as ftplib always does.
Prints one JSON object with the replies; a transfer the server refuses is reported, not raised.
"""
import ftplib
import json
import os
import ssl
import sys

host, port, user, password, cafile, mode, local = sys.argv[1:8]
result = {}

context = ssl.create_default_context(cafile=cafile)
ftp = ftplib.FTP_TLS(context=context)
ftp.connect(host, int(port), timeout=20)
result["login"] = ftp.login(user, password)
result["prot"] = ftp.prot_p()
result["cipher"] = ftp.sock.version()
ftp.set_pasv(mode == "passive")

try:
    with open(os.path.join(local, "upload.bin"), "rb") as source:
        result["stor"] = ftp.storbinary("STOR upload.bin", source, blocksize=64 * 1024)
    with open(os.path.join(local, "download.bin"), "wb") as target:
        result["retr"] = ftp.retrbinary("RETR upload.bin", target.write, blocksize=64 * 1024)
    result["nlst"] = sorted(ftp.nlst())
    result["mlsd"] = sorted(name for name, _ in ftp.mlsd("/"))
except ftplib.error_temp as error:
    result["refused"] = str(error)
except (ConnectionError, ssl.SSLError) as error:
    # The server dropped the data connection; its reply is still waiting on the control connection.
    result["refused"] = f"{type(error).__name__}: {error}"
    try:
        result["after_refusal"] = ftp.getresp()
    except ftplib.error_temp as reply:
        result["after_refusal"] = str(reply)

result["quit"] = ftp.quit()
print(json.dumps(result))
