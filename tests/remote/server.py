#!/usr/bin/env python3
"""server.py - a loopback HTTP server for loglab's remote-dataset tests.

Serves files under --root on 127.0.0.1 only, at a free port it writes to
--port-file once it listens. The first path segment picks a behaviour, the
rest names the file under --root:

  /plain/F      200 with Content-Length; no validators, no ranges
  /etag/F       strong ETag (SHA-256 of the content) and Last-Modified; 304
                for If-None-Match / If-Modified-Since; Range -> 206 (honouring
                If-Range), 416 past the end
  /slow/F       like etag, but the body trickles: 1 KiB every --slow seconds
  /drop/F       like etag, but a full (non-Range) response stops after half
                the body and the connection is closed; Range requests succeed
  /dropalways/F every response stops after half its body
  /gzip/F       like etag, with the body gzip-compressed (Content-Encoding)
                when the client accepts gzip
  /notgzip/F    like etag, saying Content-Encoding gzip of a body that is
                not gzip (F as it is)
  /badsum/F     like etag, plus an x-amz-checksum-sha256 that is wrong
  /hang/F       accepts the request and never answers (until --max-seconds)
  /status/N     responds with status N and a one-line text message
  /loop/N       redirects to itself forever (302)
  /redirect/F   one 302 hop to /etag/F
Misbehaving servers (issue 13), each a way a download could splice, grow,
hang or leak:
  /splice-etag/F      the file changes between requests and If-Range is
                      ignored: the first full GET gets version 1 (F as it
                      is, ETag "v1") cut after half; any Range request gets a
                      206 of version 2 (F upper-cased, ETag "v2"); a later
                      full GET gets all of version 2
  /splice-lastmod/F   the same with Last-Modified dates and no ETag
  /splice-novalidator/F  the same, but the 206 carries no validator at all
  /endless/N    200 with no Content-Length, streaming lines for N seconds
                (or until the client goes)
  /lying/F      announces a Content-Length of 1 TiB, sends F and closes
  /gzipbomb/N   Content-Encoding gzip of N MiB of newlines (about 1000:1)
  /trickle/F    one byte every --trickle seconds (0.5): never idle, never done
  /stall/F      half of F, then silence with the connection open
  /headerflood/N  N header lines of 1000 bytes before a tiny body
  /longheader/N   one header line of N bytes before a tiny body
  /brstall/F    Content-Encoding br (not asked for), half of F, then silence
                with the connection open: a body known useless at its headers
  /s3/...       not a mode: see below
Any other first segment is treated as a bucket of an S3-compatible store
(path-style, /BUCKET/KEY -> --root/BUCKET/KEY): requests must carry a valid
AWS SigV4 Authorization for --s3-key/--s3-secret, checked here with
Python's own hmac/hashlib; failures answer S3-style XML errors.

Each request is logged to --log as one line: method, path, status, and the
Range / If-None-Match / If-Range headers, so tests can see what was asked.
The server exits by itself after --max-seconds so a test that dies cannot
leave it running; tests also stop it with a trap.
"""
import argparse
import datetime
import email.utils
import gzip
import hashlib
import hmac
import os
import socket
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()
SPLICE_SEEN = {}  # request path -> how many times a splice-* file was asked for


def log_line(text):
    if not ARGS.log:
        return
    with LOG_LOCK:
        with open(ARGS.log, "a", encoding="utf-8") as f:
            f.write(text + "\n")


def sigv4_signature(secret, date, region, service, string_to_sign):
    def h(key, msg):
        return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()
    k = h(("AWS4" + secret).encode("utf-8"), date)
    k = h(k, region)
    k = h(k, service)
    k = h(k, "aws4_request")
    return hmac.new(k, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    server_version = "loglab-test/1"

    def log_message(self, fmt, *args):  # quiet: the --log file is the record
        pass

    # -- helpers ---------------------------------------------------------
    def record(self, status):
        log_line("%s %s %d range=%s inm=%s ims=%s ifrange=%s ae=%s" % (
            self.command, self.path, status, self.headers.get("Range", "-"),
            self.headers.get("If-None-Match", "-"), self.headers.get("If-Modified-Since", "-"),
            self.headers.get("If-Range", "-"), self.headers.get("Accept-Encoding", "-")))

    def text(self, status, message, ctype="text/plain"):
        body = message.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.record(status)

    def s3_error(self, status, code, message):
        self.text(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
                  "<Message>%s</Message><Resource>%s</Resource></Error>" % (code, message, self.path),
                  "application/xml")

    def load(self, rel):
        path = os.path.realpath(os.path.join(ARGS.root, urllib.parse.unquote(rel)))
        root = os.path.realpath(ARGS.root)
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            return None, None
        with open(path, "rb") as f:
            return f.read(), os.stat(path).st_mtime

    def send_body(self, body, stop_after=None, trickle=0.0):
        """Writes body; stops (and closes) after stop_after bytes when given."""
        n = len(body) if stop_after is None else stop_after
        step = 1024 if trickle else 65536
        sent = 0
        try:
            while sent < n:
                chunk = body[sent:min(n, sent + step)]
                self.wfile.write(chunk)
                self.wfile.flush()
                sent += len(chunk)
                if trickle:
                    time.sleep(trickle)
            if stop_after is not None:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
        except OSError:  # the client went away (broken pipe, reset, not connected)
            pass

    # -- the file modes --------------------------------------------------
    def serve_file(self, mode, rel):
        data, mtime = self.load(rel)
        if data is None:
            self.text(404, "no such file: %s" % rel)
            return
        if mode == "plain":
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.record(200)
            self.send_body(data)
            return
        encoding = None
        if mode == "gzip" and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, mtime=0)
            encoding = "gzip"
        elif mode == "notgzip":
            encoding = "gzip"
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        lastmod = email.utils.formatdate(int(mtime), usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            not_modified = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            try:
                not_modified = int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                pass
        if not_modified:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            self.record(304)
            return
        start, status = 0, 200
        rng = self.headers.get("Range")
        ifr = self.headers.get("If-Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-") and (ifr is None or ifr in (etag, lastmod)):
            start = int(rng[6:-1])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.record(416)
                return
            status = 206
        body = data[start:]
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lastmod)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        if mode == "badsum":
            self.send_header("x-amz-checksum-sha256", "A" * 43 + "=")
        self.end_headers()
        self.record(status)
        stop = None
        if mode == "dropalways" or (mode == "drop" and status == 200):
            stop = len(body) // 2
        self.send_body(body, stop_after=stop, trickle=ARGS.slow if mode == "slow" else 0.0)

    # -- S3 --------------------------------------------------------------
    def serve_s3(self):
        auth = self.headers.get("Authorization")
        if not auth:
            self.s3_error(403, "AccessDenied", "Anonymous access is not allowed")
            return
        try:
            algo, rest = auth.split(" ", 1)
            fields = dict(p.strip().split("=", 1) for p in rest.split(","))
            akid, date, region, service, term = fields["Credential"].split("/")
            signed = fields["SignedHeaders"].split(";")
            given = fields["Signature"]
        except (ValueError, KeyError):
            self.s3_error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed")
            return
        if algo != "AWS4-HMAC-SHA256" or akid != ARGS.s3_key or service != "s3" or term != "aws4_request":
            self.s3_error(403, "InvalidAccessKeyId", "The AWS access key Id you provided does not exist")
            return
        amz_date = self.headers.get("x-amz-date", "")
        if not amz_date.startswith(date) or "host" not in signed or "x-amz-date" not in signed:
            self.s3_error(403, "AccessDenied", "host and x-amz-date must be signed")
            return
        path, _, query = self.path.partition("?")
        canon_headers = "".join("%s:%s\n" % (h, " ".join(self.headers.get(h, "").split())) for h in signed)
        payload = self.headers.get("x-amz-content-sha256", "")
        creq = "\n".join([self.command, path, query, canon_headers, ";".join(signed), payload])
        sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, "%s/%s/s3/aws4_request" % (date, region),
                         hashlib.sha256(creq.encode("utf-8")).hexdigest()])
        want = sigv4_signature(ARGS.s3_secret, date, region, "s3", sts)
        if not hmac.compare_digest(want, given):
            self.s3_error(403, "SignatureDoesNotMatch",
                          "The request signature we calculated does not match the signature you provided.")
            return
        data, _ = self.load(path.lstrip("/"))
        if data is None:
            self.s3_error(404, "NoSuchKey", "The specified key does not exist.")
            return
        self.send_response(200)
        self.send_header("ETag", '"%s"' % hashlib.md5(data).hexdigest())
        self.send_header("Content-Length", str(len(data)))
        if self.headers.get("x-amz-checksum-mode", "").upper() == "ENABLED":
            import base64
            self.send_header("x-amz-checksum-sha256", base64.b64encode(hashlib.sha256(data).digest()).decode())
        self.end_headers()
        self.record(200)
        self.send_body(data)

    # -- misbehaving servers ----------------------------------------------
    def serve_splice(self, mode, rel):
        data, mtime = self.load(rel)
        if data is None:
            self.text(404, "no such file: %s" % rel)
            return
        v2 = data.upper()
        rng = self.headers.get("Range")
        with LOG_LOCK:
            seen = SPLICE_SEEN.get(self.path, 0)
            SPLICE_SEEN[self.path] = seen + 1
        lastmod = [email.utils.formatdate(int(mtime) - 86400, usegmt=True),
                   email.utils.formatdate(int(mtime), usegmt=True)]

        def validators(version):
            if mode == "splice-etag":
                self.send_header("ETag", '"v%d"' % version)
            elif mode == "splice-lastmod" or version == 1:
                self.send_header("Last-Modified", lastmod[version - 1])

        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            # If-Range ignored: whatever was asked for, version 2 is what there is.
            start = int(rng[6:-1])
            body = v2[start:]
            self.send_response(206)
            if mode != "splice-novalidator":
                validators(2)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(v2) - 1, len(v2)))
            self.end_headers()
            self.record(206)
            self.send_body(body)
            return
        version = 1 if seen == 0 else 2
        body = data if version == 1 else v2
        self.send_response(200)
        validators(version)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.record(200)
        self.send_body(body, stop_after=len(body) // 2 if version == 1 else None)

    def serve_endless(self, seconds):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.record(200)
        t0 = time.time()
        i = 0
        try:
            while time.time() - t0 < seconds:
                self.wfile.write(b"".join(b"endless line %09d of a stream without an end\n" % (i + k)
                                          for k in range(1000)))
                i += 1000
        except OSError:
            pass
        self.close_connection = True

    def serve_gzipbomb(self, mib):
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = b"\n" * (1 << 20)
        body = b"".join(comp.compress(chunk) for _ in range(mib)) + comp.flush()
        self.send_response(200)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("ETag", '"bomb%d"' % mib)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.record(200)
        self.send_body(body)

    def serve_misbehaving(self, mode, rel):
        if mode == "endless":
            self.serve_endless(float(rel) if rel.replace(".", "", 1).isdigit() else 20.0)
            return
        if mode == "gzipbomb":
            self.serve_gzipbomb(int(rel) if rel.isdigit() else 100)
            return
        if mode in ("headerflood", "longheader"):
            self.send_response(200)
            if mode == "longheader":
                self.send_header("X-Long", "l" * (int(rel) if rel.isdigit() else 1 << 20))
            for i in range(int(rel) if rel.isdigit() and mode == "headerflood" else 0):
                self.send_header("X-Flood-%d" % i, "f" * 1000)
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.record(200)
            self.send_body(b"ok\n")
            return
        data, _ = self.load(rel)
        if data is None:
            self.text(404, "no such file: %s" % rel)
            return
        self.send_response(200)
        self.send_header("ETag", '"%s"' % hashlib.sha256(data).hexdigest()[:32])
        if mode == "brstall":
            self.send_header("Content-Encoding", "br")
        if mode == "lying":
            self.send_header("Content-Length", str(1 << 40))
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.record(200)
        try:
            if mode == "lying":
                self.send_body(data, stop_after=len(data))
            elif mode == "trickle":
                for b in data:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(ARGS.trickle)
            elif mode in ("stall", "brstall"):
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                time.sleep(ARGS.max_seconds)
        except OSError:
            pass

    def do_GET(self):
        parts = self.path.split("?", 1)[0].lstrip("/").split("/", 1)
        mode, rel = parts[0], parts[1] if len(parts) > 1 else ""
        if mode in ("plain", "etag", "slow", "drop", "dropalways", "gzip", "notgzip", "badsum"):
            self.serve_file(mode, rel)
        elif mode in ("splice-etag", "splice-lastmod", "splice-novalidator"):
            self.serve_splice(mode, rel)
        elif mode in ("endless", "lying", "gzipbomb", "trickle", "stall", "brstall", "headerflood", "longheader"):
            self.serve_misbehaving(mode, rel)
        elif mode == "hang":
            self.record(0)
            time.sleep(ARGS.max_seconds)
        elif mode == "status":
            code = int(rel) if rel.isdigit() else 500
            msg = {404: "dataset not found on this test server",
                   500: "the test server failed on purpose",
                   503: "the test server is down for maintenance"}.get(code, "status %d on purpose" % code)
            self.text(code, msg + "\nsecond line is not part of the message\n")
        elif mode == "loop":
            self.send_response(302)
            self.send_header("Location", "/loop/" + rel)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(302)
        elif mode == "redirect":
            self.send_response(302)
            self.send_header("Location", "/etag/" + rel)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(302)
        else:
            self.serve_s3()


def main():
    global ARGS
    p = argparse.ArgumentParser(description="loopback test server for loglab remote datasets")
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--slow", type=float, default=0.5, help="seconds between 1 KiB pieces in /slow/")
    p.add_argument("--trickle", type=float, default=0.5, help="seconds between bytes in /trickle/")
    p.add_argument("--max-seconds", type=float, default=120)
    p.add_argument("--s3-key", default="AKIDLOGLABTEST")
    p.add_argument("--s3-secret", default="loglab/test+secret")
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    ARGS = p.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    httpd.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % httpd.server_address[1])
    os.rename(tmp, ARGS.port_file)
    timer = threading.Timer(ARGS.max_seconds, httpd.shutdown)
    timer.daemon = True
    timer.start()
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
