"""One ftplib session against a drop-box user, driven by app/dropbox.test.ts.

Usage: ftplib_dropbox.py HOST PORT USER PASSWORD

The user's `/` shows a folder with hidden entries (.secret, .git/); `/inbox` refuses replacing files,
names other than *.csv / *.txt or starting with "~", and files over 1 MiB. Prints one JSON object
with the reply the server gave to each step (the text of the final reply, or of the error).
"""
import ftplib
import io
import json
import sys

host, port, user, password = sys.argv[1:5]
result = {}

ftp = ftplib.FTP()
ftp.connect(host, int(port), timeout=20)
ftp.login(user, password)


def reply(step, action):
    """Runs one step and records its final reply, or the refusal ftplib raised."""
    try:
        result[step] = action()
    except ftplib.all_errors as error:
        result[step] = str(error)


def store(path, data=b"a,b\n"):
    return lambda: ftp.storbinary("STOR " + path, io.BytesIO(data))


def oversized(path, size):
    """STOR of `size` bytes; the server may cut the data connection off, then its reply is read."""

    def run():
        conn = ftp.transfercmd("STOR " + path)
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < size:
                conn.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the server closed the data connection once the limit was passed
        finally:
            conn.close()
        return ftp.voidresp()

    return run


result["nlst_root"] = sorted(ftp.nlst("/"))
result["mlsd_root"] = sorted(name for name, _ in ftp.mlsd("/"))
reply("retr_hidden", lambda: ftp.retrbinary("RETR /.secret", lambda _: None))
reply("size_hidden", lambda: ftp.sendcmd("SIZE /.secret"))
reply("mdtm_hidden", lambda: ftp.sendcmd("MDTM /.secret"))
reply("cwd_hidden", lambda: ftp.cwd("/.git"))
reply("retr_inside_hidden", lambda: ftp.retrbinary("RETR /.git/config", lambda _: None))
reply("dele_hidden", lambda: ftp.delete("/.secret"))
reply("size_missing", lambda: ftp.sendcmd("SIZE /missing"))

ftp.voidcmd("TYPE I")
reply("stor_new", store("/inbox/new.csv"))
reply("stor_existing", store("/inbox/existing.csv", b"replaced\n"))
reply("appe_existing", lambda: ftp.storbinary("APPE /inbox/existing.csv", io.BytesIO(b"more\n")))
reply("stor_denied", store("/inbox/~lock.csv"))
reply("stor_not_allowed", store("/inbox/tool.exe"))
reply("stor_hidden", store("/inbox/.env.csv"))
reply("stou_elsewhere", lambda: ftp.storbinary("STOU", io.BytesIO(b"unique\n")))


def rename(source, target):
    ftp.sendcmd("RNFR " + source)
    return ftp.sendcmd("RNTO " + target)


reply("rnto_existing", lambda: rename("/inbox/new.csv", "/inbox/existing.csv"))
reply("rnto_not_allowed", lambda: rename("/inbox/new.csv", "/inbox/new.exe"))
reply("rnto_ok", lambda: rename("/inbox/new.csv", "/inbox/renamed.csv"))
reply("stor_too_big", oversized("/inbox/big.csv", 2 * 1024 * 1024))
reply("rest", lambda: ftp.sendcmd("REST 2000000"))
reply("stor_rest_past_limit", store("/inbox/resumed.csv"))
reply("allo", lambda: ftp.sendcmd("ALLO 2000000"))
reply("stor_allo_past_limit", store("/inbox/announced.csv"))
reply("stor_at_limit", store("/inbox/exact.csv", b"y" * 1024 * 1024))
reply("noop", lambda: ftp.voidcmd("NOOP"))
result["nlst_inbox"] = sorted(ftp.nlst("/inbox"))
result["quit"] = ftp.quit()
print(json.dumps(result))
