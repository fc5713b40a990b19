"""A Redis cache that degrades to "no cache" when Redis cannot be reached or is slow.

The cache only speeds the site up. Each call waits for Redis tens of milliseconds at most
(the timeouts in `wtcrsite.settings.redis_caches`); a call that fails opens a circuit
breaker, and for `BREAKER_SECONDS` after it every call skips Redis at once (reads miss,
writes are dropped) instead of waiting for it again; then calls try it again. Failures
are logged once a minute at most; every page is still computed and served.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_QUIET_SECONDS = 60
BREAKER_SECONDS = 5.0
_last_warning = [0.0]
_clock = time.monotonic
# Per Redis server (the cache's LOCATION), shared by every thread of the process: the
# moment until which calls skip it.
_open_until = {}
_breaker_lock = threading.Lock()


def reset_breakers():
    """Every breaker closed (tests)."""
    with _breaker_lock:
        _open_until.clear()


def is_open(location):
    """Whether calls to this Redis server are skipped just now."""
    until = _open_until.get(location)
    return until is not None and _clock() < until


def trip(location, error):
    """A call to this Redis server failed: skip it for `BREAKER_SECONDS`."""
    with _breaker_lock:
        _open_until[location] = _clock() + BREAKER_SECONDS
    if time.monotonic() - _last_warning[0] > _QUIET_SECONDS:
        _last_warning[0] = time.monotonic()
        log.warning("Cache unavailable, serving without it for %s s: %s", BREAKER_SECONDS, error)


def _forgiving(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if is_open(self._location):
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                trip(self._location, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


class ReusedClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` object for every cache call (about a
    hundred and seventy response callbacks set up each time); one per connection pool
    serves every call, from every thread, as redis-py allows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._location = server if isinstance(server, str) else ",".join(server)

    @_forgiving(False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return _forgiving(default)(RedisCache.get)(self, key, default, version)

    @_forgiving(None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_forgiving(False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_forgiving(False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_forgiving(dict)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_forgiving(False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_forgiving(list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_forgiving(None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_forgiving(False)
    def clear(self):
        return super().clear()
