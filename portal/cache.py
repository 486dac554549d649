"""Django's Redis cache, made to survive Redis going away: while Redis is unreachable every read is
a miss and every write is dropped (with a warning in the log), so pages keep working, only slower.

The cache holds nothing that must not be lost: cached pages are rebuilt, and rate limits are not
enforced while Redis is down (failing open: refusing every log-in instead would lock everyone
out). Django's RedisCache raises instead, which turns a Redis restart into server errors."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _or_fallback(method, fallback):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _UNREACHABLE:
            logger.warning("cache: Redis unreachable in %s; carrying on", method.__name__)
            return fallback(*args, **kwargs)

    return call


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _or_fallback(RedisCache.get, _default)
    get_many = _or_fallback(RedisCache.get_many, lambda *a, **k: {})
    has_key = _or_fallback(RedisCache.has_key, lambda *a, **k: False)
    add = _or_fallback(RedisCache.add, lambda *a, **k: False)
    set = _or_fallback(RedisCache.set, lambda *a, **k: None)
    set_many = _or_fallback(RedisCache.set_many, lambda keys, *a, **k: list(keys))
    touch = _or_fallback(RedisCache.touch, lambda *a, **k: False)
    delete = _or_fallback(RedisCache.delete, lambda *a, **k: False)
    delete_many = _or_fallback(RedisCache.delete_many, lambda *a, **k: None)
    clear = _or_fallback(RedisCache.clear, lambda *a, **k: False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE:
            logger.warning("cache: Redis unreachable during incr; carrying on without")
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from None
