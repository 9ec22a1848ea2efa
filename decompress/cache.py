"""Django's Redis cache as a cache: one client per connection pool, and Redis failing is a miss.

- Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache call,
  and building one (its table of reply parsers) took about 0.3 ms of CPU here: more than
  the round trip to Redis itself, on every request that reads the session. A client is
  safe to share between threads (it takes a connection from the pool per command), and the
  pools are per process, made after the server forks, so the clients are too.
- Every call goes through `decompress.redis_guard`: short timeouts, a circuit breaker, and
  a failure answered as a miss (`get` gives the default, `add` and `has_key` False, a write
  is skipped). The sessions (`cached_db`) then read and write the database alone.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

from . import redis_guard


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **{**redis_guard.client_options(), **options})
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def add(self, key, value, timeout):
        parent = super().add
        return redis_guard.call(lambda: parent(key, value, timeout), fallback=False, writes=True)

    def get(self, key, default):
        parent = super().get
        return redis_guard.call(lambda: parent(key, default), fallback=default)

    def set(self, key, value, timeout):
        parent = super().set
        redis_guard.call(lambda: parent(key, value, timeout), fallback=None, writes=True)

    def touch(self, key, timeout):
        parent = super().touch
        return redis_guard.call(lambda: parent(key, timeout), fallback=False, writes=True)

    def delete(self, key):
        parent = super().delete
        return redis_guard.call(lambda: parent(key), fallback=False, writes=True)

    def get_many(self, keys):
        parent = super().get_many
        return redis_guard.call(lambda: parent(keys), fallback={})

    def has_key(self, key):
        parent = super().has_key
        return redis_guard.call(lambda: parent(key), fallback=False)

    def incr(self, key, delta):
        parent = super().incr
        missing = object()
        value = redis_guard.call(lambda: parent(key, delta), fallback=missing, writes=True)
        if value is missing:  # as Django's caches answer a key they do not hold
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout):
        parent = super().set_many
        redis_guard.call(lambda: parent(data, timeout), fallback=None, writes=True)

    def delete_many(self, keys):
        parent = super().delete_many
        redis_guard.call(lambda: parent(keys), fallback=None, writes=True)

    def clear(self):
        parent = super().clear
        return redis_guard.call(parent, fallback=False, writes=True)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
