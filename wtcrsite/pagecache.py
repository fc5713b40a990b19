"""Public pages, cached whole and shared by every reader, right the moment content changes.

A page is filed under the site's content token (`ContentVersion`: one database row that
changes when a transaction that saved or deleted content commits, after every results
import and restore, and at every `migrate`), so a change retires every cached page at
once, in every process and on every server (editors' names count as content too). A page
also expires at the next moment it would change by itself: a scheduled article's
publication, a session's or an event's start or end, the next step of a countdown's text,
midnight; and after `PAGE_CACHE_SECONDS` at the latest.

Only GET requests for language-prefixed pages by visitors without a session are cached
(a signed-in editor, whose preview clock may be running, is never served a cached page),
and only complete 200 responses that set no cookie and do not vary on one. Entries keep a
gzip copy made once, and answer conditional requests by their ETag.
"""

import bisect
import collections
import datetime as dt
import gzip
import hashlib
import secrets
import threading
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_path

from wtcrsite import htmx

# Apps whose rows public pages show: a save, delete or link change in any of them is a
# content change.
CONTENT_APPS = {"drivers", "events", "standings", "news"}
# Request headers a cached page may vary on; anything else in Vary keeps it out.
KEY_HEADERS = htmx.HEADERS
ALLOWED_VARY = {"accept-encoding", *(header.lower() for header in KEY_HEADERS)}
# Response headers an entry does not keep: it sets its own, and the middleware outside it
# add the security headers to every response, cached or not.
DROPPED_HEADERS = {"content-length", "cache-control", "etag", "expires", "last-modified", "vary"}
CACHE_CONTROL = "public, no-cache"
LOCAL_ENTRIES = 200  # per process, in front of the shared cache (about 10 MB)
FORMAT = 1


def content_token():
    """The current content token (one indexed read)."""
    from wtcrsite.models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {ContentVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    version, _ = ContentVersion.objects.get_or_create(
        pk=1, defaults={"token": secrets.token_hex(8), "changed_at": timezone.now()}
    )
    return version.token


def content_changed(**kwargs):
    """Retire every cached page once the current transaction commits (at once outside one;
    never, if it rolls back). Once per transaction, and holding no lock while it runs: a
    page computed between the commit and the new token is filed under the old token, which
    is retired right after."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _new_token for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_new_token)


def _new_token():
    from wtcrsite.models import ContentVersion

    token, moment = secrets.token_hex(8), timezone.now()
    if not ContentVersion.objects.filter(pk=1).update(token=token, changed_at=moment):
        ContentVersion.objects.update_or_create(
            pk=1, defaults={"token": token, "changed_at": moment}
        )


def _on_model_change(sender, **kwargs):
    content_changed()


def _on_user_change(sender, update_fields=None, **kwargs):
    # Article pages name their author; a sign-in only records its time.
    if update_fields is None or set(update_fields) != {"last_login"}:
        content_changed()


def _on_links_change(sender, action, **kwargs):
    if action.startswith("post_"):
        content_changed()


def connect_signals():
    """Every model of the content apps, and their many-to-many links (the models that
    migrations build for themselves are other classes, so data migrations stay out)."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(_on_model_change, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"{uid}-delete")
            m2m_changed.connect(_on_links_change, sender=model, dispatch_uid=f"{uid}-links")
    user = get_user_model()
    post_save.connect(_on_user_change, sender=user, dispatch_uid="pagecache-user-save")
    post_delete.connect(_on_user_change, sender=user, dispatch_uid="pagecache-user-delete")
    # A release (migrate runs with each) may change any page's markup and static file names.
    post_migrate.connect(_on_migrate, dispatch_uid="pagecache-migrate")


def _on_migrate(sender, using="default", **kwargs):
    from wtcrsite.models import ContentVersion

    if (
        sender.label == "wtcrsite"
        and ContentVersion._meta.db_table in connections[using].introspection.table_names()
    ):
        content_changed()


def changes_by(request, moment):
    """A view says its page will read differently at `moment` (an aware datetime)."""
    if moment is None:
        return
    known = getattr(request, "page_changes_at", None)
    if known is None or moment < known:
        request.page_changes_at = moment


def moments_after(now):
    """Every moment after `now` at which some page changes by itself, in order: articles
    going live, sessions and events starting and ending."""
    from events.models import Event, Session
    from events.schedule import event_window, session_start
    from news.models import Article

    moments = set(Article.objects.filter(publish_at__gt=now).values_list("publish_at", flat=True))
    for session in Session.objects.select_related("event__circuit"):
        start = session_start(session, session.event.circuit.zone)
        if start is not None:
            moments.add(start)
            moments.add(start + dt.timedelta(minutes=session.duration_min or 60))
    for event in Event.objects.select_related("circuit"):
        moments.update(event_window(event))
    return sorted(moment.timestamp() for moment in moments if moment > now)


def _next_change(token, now):
    """The first moment after `now` (epoch seconds) a page may change with no edit."""
    key = f"pages:v{FORMAT}:{token}:moments"
    moments = cache.get(key)
    if moments is None:
        moments = moments_after(dt.datetime.fromtimestamp(now, tz=dt.UTC))
        cache.set(key, moments, settings.PAGE_CACHE_SECONDS * 10)
    position = bisect.bisect_right(moments, now)
    upcoming = moments[position] if position < len(moments) else None
    midnight = timezone.localtime(dt.datetime.fromtimestamp(now, tz=dt.UTC)).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=1)
    return min(m for m in (upcoming, midnight.timestamp()) if m is not None)


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and get_language_from_path(request.path_info) is not None
    )


def _wants_gzip(request):
    """Whether the client accepts gzip (`gzip;q=0` and `identity` only do not)."""
    for coding in request.headers.get("Accept-Encoding", "").lower().split(","):
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


def _key(request, token):
    varies = "|".join(request.headers.get(header, "") for header in KEY_HEADERS)
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{url}|{varies}".encode()).hexdigest()
    return f"pages:v{FORMAT}:{token}:{digest}"


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= ALLOWED_VARY


class Entry:
    """A cached page: its body plain and gzipped, its ETag and the headers it needs."""

    __slots__ = ("etag", "expires", "headers", "packed", "plain", "vary")

    def __init__(self, response, expires):
        self.expires = expires
        self.headers = [
            (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
        ]
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        self.vary = ", ".join(dict.fromkeys([*vary, "Accept-Encoding"]))
        self.plain = response.content
        self.packed = gzip.compress(self.plain, compresslevel=6, mtime=0)
        self.etag = hashlib.md5(self.plain, usedforsecurity=False).hexdigest()

    def respond(self, request):
        packed = _wants_gzip(request) and len(self.packed) < len(self.plain)
        etag = f'"{self.etag}{"-gz" if packed else ""}"'
        if _matches(etag, request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            body = self.packed if packed else self.plain
            response = HttpResponse(body)
            for name, value in self.headers:
                response[name] = value
            if packed:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(body))
        response["Vary"] = self.vary
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response


class RecentEntries:
    """The entries this process served last, in front of the shared cache: a hit then needs
    no round trip to Redis. As safe as the shared cache itself, since a key holds the content
    token read from the database on every request, and an entry its own expiry."""

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

    def clear(self):
        with self.lock:
            self.entries.clear()


_local = RecentEntries(LOCAL_ENTRIES)


def forget_recent():
    """Empties this process's recent entries (the shared cache keeps its own)."""
    _local.clear()


class PageCacheMiddleware:
    """Serves and fills the page cache; sits outside everything that reads the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        token = content_token()
        key = _key(request, token)
        now = time.time()
        entry = _local.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                _local.put(key, entry)
        if entry is not None and entry.expires > now:
            return entry.respond(request)
        response = self.get_response(request)
        if not _storable(response):
            return response
        expires = min(_next_change(token, now), now + settings.PAGE_CACHE_SECONDS)
        changes_at = getattr(request, "page_changes_at", None)
        if changes_at is not None:
            expires = min(expires, changes_at.timestamp())
        entry = Entry(response, expires)
        if expires > now:
            cache.set(key, entry, max(1, int(expires - now)))
            _local.put(key, entry)
        return entry.respond(request)
