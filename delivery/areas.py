"""Content areas and their versions: how a content change reaches readers.

Content is grouped into a few areas (calendar, results, drivers, news). Each app says,
from its own `AppConfig.ready()`, which of its models belong to which area and at which
moments its pages change by themselves (`register`). The cache layer knows no app's
fields.

A transaction that changes an area bumps that area's version once, when it commits, and
only if a row really changed: a save that writes what was already stored changes nothing.
The database holds the versions (the source of truth); the shared cache holds a copy that
readers' requests use, so a cached page is served without touching the database. A copy
never goes back: a bump publishes its version only if it is newer than the copy, and a
reader that finds no copy adds the database's and never overwrites one.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from delivery import forgiving_cache

log = logging.getLogger(__name__)

KEY = "content:v1:{}"
# The shared copy of a version is re-read from the database this often at the latest: a
# cache that missed a bump (it was down) catches up by itself.
COPY_SECONDS = 60
MOMENTS_SECONDS = 60 * 60


@dataclass
class Area:
    name: str
    models: list = field(default_factory=list)
    moments: list = field(default_factory=list)  # functions now -> iterable of datetimes


_areas: dict[str, Area] = {}


def register(name, *, models=(), moments=None, ignore_fields=()):
    """Declares that `models` (and their many-to-many links) belong to area `name`, and
    that `moments(now)` yields the moments after `now` at which its pages change with no
    edit (publication times, session starts). A save whose `update_fields` are all in
    `ignore_fields` is no change (a sign-in's `last_login`)."""
    area = _areas.setdefault(name, Area(name))
    if moments is not None:
        area.moments.append(moments)
    ignored = frozenset(ignore_fields)
    for model in models:
        area.models.append(model)
        uid = f"content-{name}-{model._meta.label_lower}"
        pre_save.connect(_remember_stored, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(
            _saved(name, ignored), sender=model, dispatch_uid=f"{uid}-save", weak=False
        )
        post_delete.connect(_deleted(name), sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(
                _linked(name), sender=through, dispatch_uid=f"{uid}-{m2m.name}", weak=False
            )


def names():
    return sorted(_areas)


def area_of(model):
    """The area a model belongs to, or None."""
    return next((area.name for area in _areas.values() if model in area.models), None)


# Changes ---------------------------------------------------------------------------------


def _fields_to_compare(instance, update_fields):
    concrete = [f for f in instance._meta.concrete_fields if not f.primary_key]
    if update_fields is not None:
        concrete = [f for f in concrete if f.name in update_fields or f.attname in update_fields]
    return concrete


def _remember_stored(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before an update, whether it writes anything new (one read of the stored row)."""
    instance._content_same = False
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _fields_to_compare(instance, update_fields)
    stored = sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields])
    stored = next(iter(stored), None)
    if stored is None:
        return
    instance._content_same = all(
        _comparable(f, getattr(instance, f.attname)) == _comparable(f, stored[f.attname])
        for f in fields
    )


def _comparable(model_field, value):
    try:
        return model_field.get_prep_value(model_field.to_python(value))
    except Exception:  # noqa: BLE001 - anything odd counts as a change
        return object()


def _saved(name, ignored):
    def handler(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
        if raw:
            return
        if not created and getattr(instance, "_content_same", False):
            return
        if update_fields is not None and ignored and set(update_fields) <= ignored:
            return
        changed(name)

    return handler


def _deleted(name):
    def handler(sender, **kwargs):
        changed(name)

    return handler


def _linked(name):
    def handler(sender, action, pk_set=None, **kwargs):
        if (action in ("post_add", "post_remove") and pk_set) or action == "post_clear":
            changed(name)

    return handler


class _Bump:
    """The one callback a transaction runs when it commits: bumps each changed area once."""

    def __init__(self, done=None):
        self.areas = set()
        self.ran = False
        # Shared by the callbacks of one transaction (one per savepoint level at most): an
        # area one of them bumped, the others do not bump again.
        self.done = set() if done is None else done

    def __call__(self):
        self.ran = True
        areas = self.areas - self.done
        self.done.update(areas)
        if areas:
            bump(*areas)


def changed(*areas):
    """Areas changed in the current transaction: their versions are bumped once, when it
    commits (at once outside a transaction; never, if it rolls back)."""
    unknown = set(areas) - set(_areas)
    if unknown:
        raise ValueError(f"unknown content areas: {', '.join(sorted(unknown))}")
    if not areas:
        return
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        bump(*areas)
        return
    # The transaction's callback, if it has one that this savepoint level will run: one
    # registered in this level or an enclosing one (an area added inside a savepoint that
    # rolls back is then bumped for nothing, which costs a page computation, never a stale
    # page). A callback of a savepoint released since is left as it is: it runs at commit,
    # and an area it shares with this level's callback is bumped once by both together.
    alive = set(conn.savepoint_ids)
    waiting = [
        (sids, callback)
        for sids, callback, _robust in conn.run_on_commit
        if isinstance(callback, _Bump) and not callback.ran
    ]
    pending = next((callback for sids, callback in waiting if sids <= alive), None)
    if pending is None:
        pending = _Bump(done=waiting[0][1].done if waiting else None)
        # Robust: a cache that fails while publishing must not undo what was committed.
        transaction.on_commit(pending, robust=True)
    pending.areas.update(areas)


_given = [0]
_given_lock = threading.Lock()


def bump(*areas):
    """Each area's version goes up now (to the current time in microseconds, or by one if it
    is already past it), in the database, then in the shared copy and over pub/sub."""
    from delivery.models import ContentArea

    areas = sorted(set(areas))
    if not areas:
        return {}
    moment = timezone.now()
    with transaction.atomic():
        # Versions count microseconds (and this process never gives one out twice): a
        # database restored or created anew never goes back to a version that pages or
        # tables are still filed under.
        with _given_lock:
            floor = _given[0] = max(int(moment.timestamp() * 1_000_000), _given[0] + 1)
        for name in areas:
            if not ContentArea.objects.filter(name=name).update(
                version=Greatest(F("version") + 1, Value(floor)), changed_at=moment
            ):
                ContentArea.objects.get_or_create(
                    name=name, defaults={"version": floor, "changed_at": moment}
                )
        stored = dict(ContentArea.objects.values_list("name", "version"))
    # Every area's version is published, not only the bumped ones: a cache that was
    # emptied has a whole copy again (an area never bumped is at 0).
    versions = {name: stored.get(name, 0) for name in {*names(), *stored}}
    _publish(versions)
    return {name: versions[name] for name in areas}


# Reading ---------------------------------------------------------------------------------


def _in_cache():
    """Whether readers take versions from the shared cache (Redis: every process sees the
    same copy) or from the database (a process-memory cache is this process's alone)."""
    return settings.CONTENT_VERSIONS_FROM_CACHE


_local_lock = threading.Lock()


def _publish(versions):
    """The shared copy takes each version only if it is newer than the copy it has."""
    if not _in_cache():
        return
    keys = {name: _versioned_key(name) for name in versions}
    client = _redis_client(even_if_failing=True)
    if client is not None:
        _listener.merge(versions)  # this process sees its own bump at once
        try:
            for name, version in versions.items():
                client.eval(_RAISE_SCRIPT, 1, keys[name], version, COPY_SECONDS)
            client.publish(_channel(), json.dumps(versions))
        except Exception as error:  # noqa: BLE001 - the database has the bump; the copy
            # expires within a minute and the processes read it again.
            forgiving_cache.trip(cache._location, error)
            log.warning("Could not write or publish the shared content versions: %s", error)
        return
    with _local_lock:
        for name, version in versions.items():
            held = cache.get(KEY.format(name))
            if held is None or held < version:
                cache.set(KEY.format(name), version, COPY_SECONDS)


# Sets KEYS[1] to ARGV[1] unless it holds a larger number; the copy expires in ARGV[2] s.
_RAISE_SCRIPT = """
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > held then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
end
return 1
"""


def _redis_client(*, even_if_failing=False):
    """The shared cache's Redis client, or None: no Redis, or its breaker is open (it
    failed a moment ago; `delivery.forgiving_cache`). A bump's versions are written even
    then (one try, as short as any cache call): a change must not wait for the breaker."""
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    if not even_if_failing and forgiving_cache.is_open(getattr(cache, "_location", None)):
        return None
    return client.get_client(write=True)


def _versioned_key(name):
    return cache.make_and_validate_key(KEY.format(name))


def current():
    """{area: version} for every area, as readers' requests see it: with Redis, from this
    process's copy that pub/sub keeps current (no round trip), or from the shared cache
    while that copy is not ready (no database query); else one read of the database."""
    wanted = names()
    if not _in_cache():
        return _from_database(wanted)
    if settings.CONTENT_VERSIONS_LISTEN and _redis_client() is not None:
        local = _listener.get()
        if local is not None and all(name in local for name in wanted):
            return local
    return _from_shared(wanted)


def _from_shared(wanted):
    got = cache.get_many([KEY.format(name) for name in wanted])
    versions = {name: got.get(KEY.format(name)) for name in wanted}
    missing = [name for name, version in versions.items() if version is None]
    if missing:
        stored = _from_database(missing)
        for name in missing:
            # add(): a bump published meanwhile is newer and must stay.
            cache.add(KEY.format(name), stored[name], COPY_SECONDS)
            versions[name] = stored[name]
    return versions


def _channel():
    # Channels are shared by every database of a Redis server: named after ours (by its
    # number, whatever the URL's spelling, and never with a password in it).
    client = _redis_client()
    database = client.connection_pool.connection_kwargs.get("db", 0) if client else 0
    return f"{cache.make_key('content:v1:versions')}@db{database}"


class _Listener:
    """This process's copy of the versions, kept current by Redis pub/sub.

    A bump publishes its versions on a channel once they are in the shared copy; a thread
    of each process merges them into its copy as they come (within a millisecond or so),
    so a hit needs no round trip at all. The copy is used only while the thread is
    subscribed (not while it starts, nor while Redis is away: the shared copy is read then),
    and it is read again from the shared copy every `COPY_SECONDS`, so a bump whose message
    was lost is caught up with as the shared copy is."""

    def __init__(self):
        self.versions = None
        self.pid = None
        self.warned = False
        self.lock = threading.Lock()

    def get(self):
        if self.pid != os.getpid():
            self._start()
        return self.versions

    def _start(self):
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.versions = os.getpid(), None
        threading.Thread(target=self._run, name="content-versions", daemon=True).start()

    def _seed(self):
        """Takes the shared copy's versions (a failure keeps the copy as it is)."""
        try:
            seed = _from_shared(names())
        except Exception as error:
            log.warning("Content versions not read again: %s", error)
            if self.versions is not None:
                return
            raise
        finally:
            connections.close_all()  # this thread's, if it read the database
        with self.lock:
            merged = dict(self.versions or {})
            for name, version in seed.items():
                merged[name] = max(version, merged.get(name, -1))
            self.versions = merged

    def merge(self, versions):
        with self.lock:
            if self.versions is None:
                return
            merged = dict(self.versions)
            for name, version in versions.items():
                if version > merged.get(name, -1):
                    merged[name] = version
            self.versions = merged

    def forget(self):
        """The copy is read again from the shared one (tests roll the database back)."""
        with self.lock:
            self.versions = None

    def _run(self):
        pid = self.pid
        while self.pid == pid:
            pubsub = None
            try:
                pubsub = _redis_client().pubsub()
                pubsub.subscribe(_channel())
                while (pubsub.get_message(timeout=1.0) or {}).get("type") != "subscribe":
                    pass
                seeded = float("-inf")
                while self.pid == pid:
                    if self.versions is None or time.monotonic() - seeded > COPY_SECONDS:
                        self._seed()
                        seeded = time.monotonic()
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        self.merge(json.loads(message["data"]))
            except Exception as error:  # noqa: BLE001 - Redis away: the shared copy is read
                with self.lock:
                    followed, self.versions = self.versions is not None, None
                if followed or not self.warned:
                    self.warned = True
                    log.warning("Content versions not followed over Redis: %s", error)
                time.sleep(1)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        pubsub.close()


_listener = _Listener()


def forget_local():
    _listener.forget()
    _last_read[:] = [None, 0.0]


def _from_database(wanted):
    from delivery.models import ContentArea

    table = ContentArea._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, version FROM {table}")
        stored = dict(cursor.fetchall())
    versions = {name: stored.get(name, 0) for name in wanted}
    _last_read[:] = [versions, time.monotonic()]
    return versions


# The versions this process read from the database last, and when.
_last_read = [None, 0.0]


def last_read(within):
    """The versions this process last read from the database, if that was at most
    `within` seconds ago, else None: what a reader's request may go by while the database
    cannot be reached (the pages filed under them may be out of date)."""
    versions, at = _last_read
    if versions is None or time.monotonic() - at > within:
        return None
    return dict(versions)


# Moments ---------------------------------------------------------------------------------


def next_moment(areas, versions, now):
    """The first moment after `now` (epoch seconds) at which a page reading `areas`
    changes by itself, or None."""
    found = []
    for name in areas:
        moments = _moments(name, versions.get(name, 0), now)
        position = bisect.bisect_right(moments, now)
        if position < len(moments):
            found.append(moments[position])
    return min(found, default=None)


def _moments(name, version, now):
    """An area's moments after now, in order (cached per area version for an hour)."""
    key = f"content:v1:{name}:{version}:moments"
    moments = cache.get(key)
    if moments is None:
        start = dt.datetime.fromtimestamp(now, tz=dt.UTC)
        found = set()
        for function in _areas[name].moments:
            found.update(m.timestamp() for m in function(start) if m is not None and m > start)
        moments = sorted(found)
        cache.set(key, moments, MOMENTS_SECONDS)
    return moments


def local_midnights(now, days=2):
    """The site's next local midnights after `now`: a rule an app may register when its
    pages show today's date or an age."""
    today = timezone.localtime(now).date()
    return [
        timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=n), dt.time()))
        for n in range(1, days + 1)
    ]
