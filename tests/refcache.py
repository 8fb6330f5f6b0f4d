"""tests/refcache.py - a cache of the Python reference computations (sklearn,
pandas, numpy) of the comparison tests, shared by the suite's passes.

The references do not depend on the loglab build: ./quickstart test runs
the same scripts in the release and the ASan pass, and the second pass
would compute every reference again. With LL_REFCACHE naming a folder
(quickstart sets one; `make check LL_REFCACHE=DIR` too) a script keeps
its references there; unset (a plain `make check`) nothing is kept and
every reference is computed as before.

A script's entry is one file, named by a SHA-256 over everything its
references can depend on: this file's and the script's bytes (and every
module imported from the script's folder), the arguments the script names
as the references' (not a scratch folder or the binary under test), the
bytes of the input files it names, the Python version and the versions of
the distributions it names (numpy, scikit-learn, ...). Any change gives
another name, so a stale entry is never read. An entry holds the
references by a name the script gives (a seed, a case) or, for calls made
through call() or module(), by the function and a hash of its arguments'
values.

An entry file is "LLREF1 <sha256 of the payload> <length>\\n" then the
payload (a pickle). One whose header, length or checksum does not match
(cut short, overwritten) is reported on stderr and ignored: its references
are computed again and the file rewritten. Files are written whole under
a temporary name, then renamed, so a reader never sees half of one.

    import refcache
    rc = refcache.for_script(__file__, args=[nrows], inputs=[csv_path], dists=["numpy", "scikit-learn"])
    value = rc.get("name", lambda: expensive())
    M = rc.module("sklearn.metrics")   # M.roc_curve(y, s) cached by its arguments

LL_REFCACHE_VERBOSE=1 prints each script's count of references read and
computed (and the names of those computed) on stderr.
"""
import atexit
import hashlib
import importlib
import importlib.metadata
import os
import pickle
import sys
import tempfile

MAGIC = b"LLREF1"


def folder():
    """The cache folder, or None when caching is off."""
    d = os.environ.get("LL_REFCACHE", "")
    return d or None


def _feed(h, value):
    """Hash a value's content, type-tagged, so that different values (or an
    int and a str of the same digits) never feed the same bytes. Returns
    False for a value it cannot hash by content (then the call is not
    cached)."""
    np = sys.modules.get("numpy")
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        h.update(b"%s:%d:" % (type(value).__name__.encode(), len(repr(value))))
        h.update(repr(value).encode())
        return True
    if isinstance(value, (list, tuple)):
        h.update(b"%s[%d:" % (type(value).__name__.encode(), len(value)))
        return all(_feed(h, v) for v in value) and (h.update(b"]") or True)
    if isinstance(value, dict):
        h.update(b"dict{%d:" % len(value))
        for k in sorted(value, key=repr):
            if not (_feed(h, k) and _feed(h, value[k])):
                return False
        h.update(b"}")
        return True
    if np is not None and isinstance(value, np.generic):
        return _feed(h, np.asarray(value))
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return _feed(h, value.tolist()) and (h.update(repr(value.shape).encode()) or True)
        a = np.ascontiguousarray(value)
        h.update(b"ndarray:%s:%s:" % (a.dtype.str.encode(), repr(a.shape).encode()))
        h.update(a.tobytes())
        return True
    return False


class Cache:
    def __init__(self, script, args=(), inputs=(), dists=(), sources=()):
        self.entries = {}
        self.dirty = False
        self.path = None
        self.hits = self.misses = 0
        self.missed = []
        top = folder()
        if top is None:
            return
        h = hashlib.sha256()
        here = os.path.dirname(os.path.abspath(script))
        files = [__file__, script] + list(sources)
        # helper modules the script imported from its own folder (series_gen, logs_gen, ...)
        for m in list(sys.modules.values()):
            f = getattr(m, "__file__", None)
            if f and f.endswith(".py") and os.path.dirname(os.path.abspath(f)) == here:
                files.append(f)
        seen = set()
        for f in files:
            f = os.path.abspath(f)
            if f in seen:
                continue
            seen.add(f)
            with open(f, "rb") as fh:
                h.update(b"source %d:" % len(os.path.basename(f)) + os.path.basename(f).encode())
                data = fh.read()
                h.update(b"%d:" % len(data) + data)
        if not _feed(h, ["args", list(args)]):
            raise TypeError("refcache: arguments must be numbers, strings or lists of them")
        for f in inputs:
            with open(f, "rb") as fh:
                data = fh.read()
            h.update(b"input %d:" % len(data) + data)
        h.update(b"python " + sys.version.encode())
        for d in dists:
            try:
                v = importlib.metadata.version(d)
            except importlib.metadata.PackageNotFoundError:
                v = "-"
            h.update(b"dist %s %s;" % (d.encode(), v.encode()))
        name = os.path.splitext(os.path.basename(script))[0]
        self.path = os.path.join(top, "%s-%s.ref" % (name, h.hexdigest()))
        self.entries = self._load()
        atexit.register(self.save)

    def _load(self):
        try:
            with open(self.path, "rb") as fh:
                blob = fh.read()
        except FileNotFoundError:
            return {}
        except OSError as e:  # not a folder, not ours: computed, and not kept (save says why)
            print("refcache: %s: not read (%s)" % (self.path, e), file=sys.stderr)
            return {}
        head, nl, payload = blob.partition(b"\n")
        parts = head.split(b" ")
        try:
            ok = (nl and len(parts) == 3 and parts[0] == MAGIC and int(parts[2]) == len(payload) and
                  hashlib.sha256(payload).hexdigest().encode() == parts[1])
            entries = pickle.loads(payload) if ok else None
        except Exception:
            entries = None
        if not isinstance(entries, dict) or not all(isinstance(v, bytes) for v in entries.values()):
            print("refcache: %s: damaged entry, its references are computed again" % self.path, file=sys.stderr)
            self.dirty = True
            return {}
        return entries

    def save(self):
        if self.path is not None and os.environ.get("LL_REFCACHE_VERBOSE"):
            print("refcache: %s: %d read, %d computed%s" % (os.path.basename(self.path), self.hits, self.misses,
                  "".join("\n  computed: " + n for n in self.missed)), file=sys.stderr)
        if self.path is None or not self.dirty:
            return
        payload = pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
        head = b"%s %s %d\n" % (MAGIC, hashlib.sha256(payload).hexdigest().encode(), len(payload))
        tmp = None
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path), prefix=".ref-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(head)
                fh.write(payload)
            os.replace(tmp, self.path)
        except OSError as e:  # a full disk or a folder not ours costs the cache, not the test
            print("refcache: %s: not written (%s)" % (self.path, e), file=sys.stderr)
            try:
                if tmp:
                    os.unlink(tmp)
            except OSError:
                pass
        self.dirty = False

    def get(self, name, compute):
        """compute()'s value, kept under name (with caching off: compute())."""
        if self.path is None:
            return compute()
        if name in self.entries:
            self.hits += 1
            return pickle.loads(self.entries[name])
        self.misses += 1
        self.missed.append(name)
        value = compute()
        # kept as bytes, taken now: the caller may change the value it gets
        self.entries[name] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.dirty = True
        return value

    def files(self, name, folder, write):
        """write(folder) writes files into folder and returns (their names
        in it, a value); kept under name with the files' bytes and
        modification times, which a later run writes back into its folder
        instead of calling write. Returns the value."""
        if self.path is None:
            return write(folder)[1]

        def run():
            names, value = write(folder)
            kept = []
            for n in names:
                with open(os.path.join(folder, n), "rb") as fh:
                    kept.append((n, fh.read(), os.stat(os.path.join(folder, n)).st_mtime_ns))
            return kept, value
        hit = name in self.entries
        kept, value = self.get(name, run)
        if hit:
            for n, data, mtime in kept:
                p = os.path.join(folder, n)
                with open(p, "wb") as fh:
                    fh.write(data)
                os.utime(p, ns=(mtime, mtime))
        return value

    def call(self, fn, *args, **kw):
        """fn(*args, **kw), kept under fn's name and its arguments' values;
        arguments it cannot hash by content are not cached."""
        if self.path is None:
            return fn(*args, **kw)
        h = hashlib.sha256()
        if not _feed(h, [list(args), kw]):
            return fn(*args, **kw)
        return self.get("%s.%s %s" % (fn.__module__, fn.__qualname__, h.hexdigest()), lambda: fn(*args, **kw))

    def module(self, name):
        """A stand-in for module name whose functions go through call();
        the module is imported only when a call is not in the entry."""
        return _Module(self, name)


class _Module:
    def __init__(self, cache, name):
        self._cache, self._name, self._mod = cache, name, None

    def __getattr__(self, attr):
        cache = self._cache

        def f(*args, **kw):
            if cache.path is None:
                return getattr(self._load(), attr)(*args, **kw)
            h = hashlib.sha256()
            if not _feed(h, [list(args), kw]):
                return getattr(self._load(), attr)(*args, **kw)
            return cache.get("%s.%s %s" % (self._name, attr, h.hexdigest()),
                             lambda: getattr(self._load(), attr)(*args, **kw))
        return f

    def _load(self):
        if self._mod is None:
            self._mod = importlib.import_module(self._name)
        return self._mod


def for_script(script, args=(), inputs=(), dists=(), sources=()):
    """The cache of script's references (a Cache that computes everything
    when LL_REFCACHE is unset)."""
    return Cache(script, args, inputs, dists, sources)
