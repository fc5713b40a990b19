"""A Redis cache that degrades to "no cache" when Redis cannot be reached.

The cache only speeds the site up: with Redis down, reads miss and writes are dropped
(logged once a minute at most), and every page is still computed and served.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_QUIET_SECONDS = 60
_last_warning = [0.0]


def _forgiving(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                if time.monotonic() - _last_warning[0] > _QUIET_SECONDS:
                    _last_warning[0] = time.monotonic()
                    log.warning("Cache unavailable, serving without it: %s", error)
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
