"""Public pages, cached whole and shared by every reader, right the moment content changes.

A page is computed once and kept with the versions of the content areas it read
(`delivery.areas`): it is served for as long as those versions are current and its time
has not come. A news draft saved in the admin leaves the standings pages cached; an
import leaves the news pages cached. A page also expires at the next moment it would
change by itself (its areas' moments, a countdown's next step) and after
`PAGE_CACHE_SECONDS` at the latest.

When a page must be computed again, one request computes it (single flight). Concurrent
requests for it get the previous version marked stale
(`Cache-Status: wtcrsite; hit; detail=stale`) for as long as that computation runs, and
never after it is stored; when there is no previous version, they wait for the
computation (`WAIT_SECONDS` at most, then compute it themselves). A hit reads the area
versions from the shared cache and touches no database.

Only GET requests for language-prefixed pages by visitors without a session this site
gave out are cached (a signed-in editor, whose preview clock may be running, is never
served a cached page; a made-up session cookie is a reader's), keyed by the query
parameters the page reads and the host as the site spells it, and only complete 200
responses that set no cookie and do not vary on one. Entries keep a gzip copy made once,
and answer conditional requests by their ETag. While the database cannot be reached,
entries are served marked stale for PAGE_CACHE_OUTAGE_SECONDS at most.
"""

import collections
import functools
import gzip
import hashlib
import json
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified, HttpResponseRedirect, QueryDict
from django.http.cookie import parse_cookie
from django.middleware.gzip import GZipMiddleware
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_path

from delivery import areas, clock, htmx, sessions

log = logging.getLogger(__name__)
# Request headers a cached page may vary on; anything else in Vary keeps it out.
KEY_HEADERS = htmx.HEADERS
ALLOWED_VARY = {"accept-encoding", *(header.lower() for header in KEY_HEADERS)}
# Response headers an entry does not keep: it sets its own. It keeps the rest, security
# headers included: the page cache is the outermost middleware, and they are the same for
# every reader of a public page.
DROPPED_HEADERS = {"content-length", "cache-control", "etag", "expires", "last-modified", "vary"}
CACHE_CONTROL = "public, no-cache"
LOCAL_ENTRIES = 200  # per process, in front of the shared cache (about 10 MB)
FORMAT = 3
# Single flight: how long a request waits for another one computing a page it has no
# version of, and how long the computing request holds the page (after that, or once it
# is gone, anyone may compute it).
WAIT_SECONDS = 2.0
FLIGHT_SECONDS = 10
# A page past its time may be served as its previous version this long while it is
# computed again; a page whose content changed, for as long as that computation runs.
STALE_SECONDS = FLIGHT_SECONDS
STATUS = "wtcrsite"
# What a database that cannot be reached raises (refused, gone away, locked).
UNAVAILABLE = (OperationalError, InterfaceError)
STALE_WARNING = '110 - "Response is Stale"'
OUTAGE = "outage"


def reads(*names):
    """A view decorator: the page shows content of these areas only (default: all)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.content_areas = names
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Query parameters some public page reads (registered by the apps that read them): a
# cacheable request's query string keeps these only, in a fixed order, so junk in it
# (tracking tags, random strings) never keys a page of its own.
_parameters = set()
MAX_PARAMETER_LENGTH = 100


def query_parameters(*names):
    """An app's public pages read these query parameters (call from AppConfig.ready)."""
    _parameters.update(names)


def normalized_query(query):
    """The query string a cacheable request is computed and keyed with: the known
    parameters only, each once (its last value, as `request.GET.get` reads it), sorted."""
    if not query:
        return ""
    kept = {}
    for name, value in QueryDict(query).lists():
        if name in _parameters and value and len(value[-1]) <= MAX_PARAMETER_LENGTH:
            kept[name] = value[-1]
    if not kept:
        return ""
    normal = QueryDict(mutable=True)
    for name in sorted(kept):
        normal[name] = kept[name]
    return normal.urlencode()


def accepts(*names):
    """A view decorator: the page reads these query parameters (and no others). A reader's
    request with another one is sent to the page without it, so that no address stores a
    page of its own for a parameter the page never reads."""
    query_parameters(*names)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            accept(request, *names)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def accept(request, *names):
    """A view, or a part of a page, reads these query parameters of `request`."""
    query_parameters(*names)
    request.accepted_parameters = {*getattr(request, "accepted_parameters", ()), *names}


def reject(request, name):
    """A view says the value of query parameter `name` names nothing on its page (a page
    number past the end, an unknown driver): the reader is sent to the page without it,
    and nothing is stored for that address."""
    request.rejected_parameters = {*getattr(request, "rejected_parameters", ()), name}


def _without_rejected(request, response):
    rejected = set(getattr(request, "rejected_parameters", ()))
    if response.status_code == 200 and _public(request.META):
        rejected |= set(request.GET) - getattr(request, "accepted_parameters", set())
    if not rejected:
        return response
    file = getattr(response, "file_to_stream", None)
    if file is not None:  # a download the redirect replaces: its open file goes too
        file.close()
    query = request.GET.copy()
    for name in rejected:
        query.pop(name, None)
    rest = query.urlencode()
    return HttpResponseRedirect(request.path + (f"?{rest}" if rest else ""))


def changes_by(request, moment):
    """A view says its page will read differently at `moment` (an aware datetime)."""
    if moment is None:
        return
    known = getattr(request, "page_changes_at", None)
    if known is None or moment < known:
        request.page_changes_at = moment


# Everything below reads the request's WSGI environ (`request.META`), so that a hit can be
# served before Django builds a request at all (`CachedPages`), with the very same key.


def _scheme(meta):
    """As Django's HttpRequest.scheme reads it (the proxy's header first)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return meta.get("wsgi.url_scheme", "http")


def genuine_session(key):
    """Whether a session cookie's value is a key this site gave out (no look-up)."""
    return sessions.genuine(key)


def _cacheable(meta):
    return settings.PAGE_CACHE and _public(meta)


def _public(meta):
    """A reader's request for a public page: computed the same for everyone."""
    cookies = parse_cookie(meta.get("HTTP_COOKIE", "")) if meta.get("HTTP_COOKIE") else {}
    return (
        meta.get("REQUEST_METHOD") == "GET"
        # Only a session this site gave out (a signed-in staff member) turns the cache off;
        # a made-up cookie is a reader's request.
        and not genuine_session(cookies.get(settings.SESSION_COOKIE_NAME, ""))
        # Plain HTTP that the security middleware will redirect goes on to it.
        and (not settings.SECURE_SSL_REDIRECT or _scheme(meta) == "https")
        and get_language_from_path(meta.get("PATH_INFO", "")) is not None
    )


def wants_gzip(meta):
    """Whether the client accepts gzip (`gzip;q=0` and `identity` only do not)."""
    for coding in meta.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            try:
                return not params or float(quality) > 0
            except ValueError:
                return False
    return False


def _matches(etag, header):
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches any."""
    tags = parse_etags(header)
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


_META_HEADERS = ["HTTP_" + header.upper().replace("-", "_") for header in KEY_HEADERS]


def _key(meta):
    """The page's key: scheme, host, path, the known query parameters and the htmx
    headers. A host Django refuses gets a key of its own that never holds an entry (its
    400 is not kept)."""
    scheme = _scheme(meta)
    host = meta.get("HTTP_HOST")
    if not host:  # as Django's get_host() builds it
        port = meta.get("SERVER_PORT", "")
        default = port == ("443" if scheme == "https" else "80")
        host = meta.get("SERVER_NAME", "") + ("" if default else f":{port}")
    raw = json.dumps(
        [
            scheme,
            host,
            meta.get("SCRIPT_NAME", ""),
            meta.get("PATH_INFO", ""),
            normalized_query(meta.get("QUERY_STRING", "")),
            # django-htmx reads these headers as "true" or not: any other value is the
            # plain request.
            *(meta.get(header) == "true" for header in _META_HEADERS),
        ]
    )
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pages:v{FORMAT}:{digest}"


def _canonical_host(meta):
    """Whether the request names the host as the site's own pages do: in lower case, with
    no trailing dot, and with a port only where the request came in on it. Other spellings
    (`TESTSERVER`, `host.`, `host:1`) are served but never stored: each would key an entry
    of its own, and the page's links would carry that spelling."""
    host = meta.get("HTTP_HOST")
    if not host:
        return True  # built from the server's own name and port (HTTP/1.0)
    name, _, port = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
    if not name or name != name.lower() or name.endswith("."):
        return False
    if not port:
        return True
    default = "443" if _scheme(meta) == "https" else "80"
    arrived = (settings.BEHIND_PROXY and meta.get("HTTP_X_FORWARDED_PORT")) or meta.get(
        "SERVER_PORT"
    )
    return port != default and port == arrived


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= ALLOWED_VARY


class Entry:
    """A cached page: its body plain and gzipped, its ETag, the headers it needs, and the
    area versions it was computed from."""

    __slots__ = ("etag", "expires", "headers", "packed", "plain", "stored", "vary", "versions")

    def __init__(self, response, versions, expires, stored):
        self.versions = versions
        self.expires = expires
        self.stored = stored
        self.headers = [
            (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
        ]
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        self.vary = ", ".join(dict.fromkeys([*vary, "Accept-Encoding"]))
        self.plain = response.content
        self.packed = gzip.compress(self.plain, compresslevel=6, mtime=0)
        self.etag = hashlib.md5(self.plain, usedforsecurity=False).hexdigest()

    def fresh(self, versions, now):
        return self.expires > now and self.current(versions)

    def current(self, versions):
        return all(versions.get(name) == version for name, version in self.versions.items())

    def servable_in_outage(self, versions, now):
        """Whether this page may be served while the database cannot be reached: computed
        from `versions` (the last ones read) and not past its time by more than
        PAGE_CACHE_OUTAGE_SECONDS."""
        return self.current(versions) and now < self.expires + settings.PAGE_CACHE_OUTAGE_SECONDS

    def answer(self, meta, status):
        """(status code, headers, body) for this request: the page, gzipped when accepted,
        or 304 when the client holds it."""
        packed = wants_gzip(meta) and len(self.packed) < len(self.plain)
        etag = f'"{self.etag}{"-gz" if packed else ""}"'
        common = [
            ("Vary", self.vary),
            ("ETag", etag),
            ("Cache-Control", CACHE_CONTROL),
            ("Cache-Status", f"{STATUS}; {status}"),
        ]
        if status.endswith("detail=stale"):
            age = max(0, int(time.time() - self.stored))
            common += [("Age", str(age)), ("Warning", STALE_WARNING)]
        if _matches(etag, meta.get("HTTP_IF_NONE_MATCH", "")):
            return 304, common, b""
        body = self.packed if packed else self.plain
        headers = [*self.headers, *common, ("Content-Length", str(len(body)))]
        if packed:
            headers.append(("Content-Encoding", "gzip"))
        return 200, headers, body

    def respond(self, request, status):
        code, headers, body = self.answer(request.META, status)
        response = HttpResponse(body) if code == 200 else HttpResponseNotModified()
        for name, value in headers:
            if code == 200 or name != "Content-Length":
                response[name] = value
        return response


class RecentEntries:
    """The entries this process served last, in front of the shared cache: a hit then needs
    no round trip for the page. As right as the shared cache itself: an entry is served
    only while the area versions it holds are the current ones."""

    def __init__(self, size):
        self.size = size
        self.entries = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def forget(self, key):
        with self.lock:
            self.entries.pop(key, None)

    def clear(self):
        with self.lock:
            self.entries.clear()


_local = RecentEntries(LOCAL_ENTRIES)


def forget_recent():
    """Empties this process's recent entries (the shared cache keeps its own)."""
    _local.clear()


# Responses that are not cached are compressed as Django's GZipMiddleware does (with its
# guard against BREACH): the page cache is outside it, so it gets pages uncompressed.
_gzip = GZipMiddleware(lambda request: None)


def _compressed(request, response):
    # Files (static, media, ranges) are streamed as they are: WhiteNoise has compressed
    # copies of its own, and images gain nothing.
    if response.streaming or response.status_code == 206:
        return response
    return _gzip.process_response(request, response)


def lookup(meta):
    """(key, current versions, entry or None, whether it is fresh) for a cacheable request.

    When the database cannot be reached for the versions, the versions are the ones this
    process read last (PAGE_CACHE_OUTAGE_SECONDS ago at most), the entry one filed under
    them, and "fresh" is OUTAGE: the entry is to be served marked stale, as it may be out
    of date. Raises when there are no versions to go by."""
    key = _key(meta)
    try:
        versions = areas.current()
    except UNAVAILABLE:
        versions = areas.last_read(settings.PAGE_CACHE_OUTAGE_SECONDS)
        if versions is None:
            raise
        entry = _local.get(key) or cache.get(key)
        if entry is not None and not entry.servable_in_outage(versions, time.time()):
            entry = None
        return key, versions, entry, OUTAGE
    now = time.time()
    entry = _local.get(key)
    if entry is None or not entry.fresh(versions, now):
        shared = cache.get(key)
        if shared is not None:
            entry = shared
            _local.put(key, entry)
    return key, versions, entry, entry is not None and entry.fresh(versions, now)


class CachedPages:
    """WSGI wrapper around the site: a fresh cached page is answered here, before Django
    builds a request or runs any middleware; everything else goes on to the site (where
    `PageCacheMiddleware` computes and stores pages, and serves hits to other servers,
    such as the test client and ASGI)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            answer = None
            if _cacheable(environ):
                _key, _versions, entry, fresh = lookup(environ)
                if fresh is OUTAGE and entry is not None:
                    answer = entry.answer(environ, "hit; detail=stale")
                elif fresh:
                    answer = entry.answer(environ, "hit")
        except Exception:
            log.exception("Page cache look-up failed; the request goes on to Django")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        code, headers, body = answer
        start_response(_STATUS_LINES[code], headers)
        return [body]


_STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}


def _as_reader(request):
    """A cacheable request is computed as every reader's: with the query string it is
    keyed by, and without a session cookie (it is not one this site gave out)."""
    query = normalized_query(request.META.get("QUERY_STRING", ""))
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)


class PageCacheMiddleware:
    """Serves and fills the page cache; sits outside everything that reads the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request.META):
            if _public(request.META):  # the page cache is off: the page is the same
                _as_reader(request)
            return _compressed(request, self._response(request))
        key, versions, entry, fresh = lookup(request.META)
        if fresh is OUTAGE and entry is not None:
            return entry.respond(request, "hit; detail=stale")
        if fresh is True:
            return entry.respond(request, "hit")
        _as_reader(request)
        return self._compute(request, key, versions, previous=entry)

    def _response(self, request):
        return _without_rejected(request, self.get_response(request))

    def _compute(self, request, key, versions, *, previous):
        flight = f"{key}:flight"
        if cache.add(flight, 1, FLIGHT_SECONDS):
            try:
                return self._store(request, key, versions, self._response(request), previous)
            finally:
                cache.delete(flight)
        # Another request computes the page: its previous version meanwhile, unless nobody
        # does (the shared cache is unreachable, or the lock is gone) or it ran out too long
        # ago.
        computing = cache.get(flight) is not None
        if computing and previous is not None and previous.expires + STALE_SECONDS > time.time():
            return previous.respond(request, "hit; detail=stale")
        if not computing:
            return self._store(request, key, versions, self._response(request), previous)
        waited = self._wait(key, flight)
        if waited is not None:
            return waited.respond(request, "hit; collapsed")
        return self._store(request, key, versions, self._response(request), previous)

    def _wait(self, key, flight):
        """Waits for the request computing this page; its entry, or None after the wait."""
        deadline = time.monotonic() + WAIT_SECONDS
        pause = 0.005
        while time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            entry = cache.get(key)
            if entry is not None and entry.fresh(areas.current(), time.time()):
                _local.put(key, entry)
                return entry
            if cache.get(flight) is None:
                return None
        return None

    def _store(self, request, key, versions, response, previous):
        if not _canonical_host(request.META):
            return _compressed(request, response)
        if response.status_code == 503:
            # The site cannot compute the page just now (the database is away): the page
            # it computed last, while it is not too old, else the 503 ("back soon").
            if previous is not None and previous.servable_in_outage(versions, time.time()):
                return previous.respond(request, "hit; detail=stale")
            return _compressed(request, response)
        if not _storable(response):
            # The page is gone or changed kind (a 404 after an unpublish): its old version
            # must not be served as stale meanwhile.
            cache.delete(key)
            _local.forget(key)
            return _compressed(request, response)
        read = getattr(request, "content_areas", None) or areas.names()
        kept = {name: versions[name] for name in read}
        now = time.time()
        expires = now + settings.PAGE_CACHE_SECONDS
        # The page shows its areas as of the moment it was computed for: a moment that
        # passed while it was being computed ends its time at once.
        computed = clock.read_at(request)
        since = min(now, computed.timestamp()) if computed is not None else now
        upcoming = areas.next_moment(read, versions, since)
        if upcoming is not None:
            expires = min(expires, upcoming)
        changes_at = getattr(request, "page_changes_at", None)
        if changes_at is not None:
            expires = min(expires, changes_at.timestamp())
        entry = Entry(response, kept, expires, now)
        if expires > now:
            # Kept past its time for as long as it may be served while the database is
            # away (a fresh look-up never serves it past its time).
            keep = max(STALE_SECONDS, settings.PAGE_CACHE_OUTAGE_SECONDS)
            cache.set(key, entry, max(1, int(expires - now)) + keep)
            _local.put(key, entry)
        return entry.respond(request, "fwd=miss; stored")
