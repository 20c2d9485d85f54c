"""Python ftplib sessions driven by the cloud end-to-end tests. Each prints one JSON object.

Usage:
  ftplib_cloud.py resume HOST PORT USER PASSWORD REMOTE LOCAL
      SIZE REMOTE, then REST <size> + STOR REMOTE with LOCAL from that offset (RFC 3659 §5).
  ftplib_cloud.py transfers HOST PORT USER PASSWORD (passive|active) LOCAL_DIR
      STOR LOCAL_DIR/upload.bin, RETR it back to LOCAL_DIR/download.bin, SIZE, NLST, MLSD, DELE.
  ftplib_cloud.py mlsd HOST PORT USER PASSWORD DIR
      MLSD DIR (RFC 3659 §7); prints {"names": [...], "types": {...}}.
"""
import ftplib
import json
import os
import sys

BLOCK = 256 * 1024


def login(host, port, user, password):
    ftp = ftplib.FTP()
    ftp.connect(host, int(port), timeout=60)
    ftp.login(user, password)
    ftp.voidcmd("TYPE I")
    return ftp


def resume(host, port, user, password, remote, local):
    ftp = login(host, port, user, password)
    offset = ftp.size(remote)
    with open(local, "rb") as source:
        source.seek(offset)
        reply = ftp.storbinary("STOR " + remote, source, blocksize=BLOCK, rest=offset)
    result = {"offset": offset, "stor": reply, "size": ftp.size(remote)}
    ftp.quit()
    return result


def transfers(host, port, user, password, mode, local):
    ftp = login(host, port, user, password)
    ftp.set_pasv(mode == "passive")
    result = {}
    with open(os.path.join(local, "upload.bin"), "rb") as source:
        result["stor"] = ftp.storbinary("STOR upload.bin", source, blocksize=BLOCK)
    with open(os.path.join(local, "download.bin"), "wb") as target:
        result["retr"] = ftp.retrbinary("RETR upload.bin", target.write, blocksize=BLOCK)
    result["size"] = ftp.size("upload.bin")
    result["nlst"] = sorted(ftp.nlst())
    result["mlsd"] = {name: facts for name, facts in ftp.mlsd("/", facts=["type", "size"])}
    result["dele"] = ftp.delete("upload.bin")
    result["nlst_after_dele"] = sorted(ftp.nlst())
    result["quit"] = ftp.quit()
    return result


def mlsd(host, port, user, password, directory):
    ftp = login(host, port, user, password)
    names = []
    types = {}
    for name, facts in ftp.mlsd(directory, facts=["type"]):
        names.append(name)
        kind = facts.get("type", "?")
        types[kind] = types.get(kind, 0) + 1
    ftp.quit()
    return {"names": names, "types": types}


COMMANDS = {"resume": resume, "transfers": transfers, "mlsd": mlsd}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:])))
