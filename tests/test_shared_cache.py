"""Issue 16: CACHE_URL=redis://… gives Django's RedisCache (docker-compose.yml's redis service),
and with it a figure's new version (branches.cached) reaches every process at once."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest
import yaml
from django.core.cache.backends.redis import RedisCache

from branches import cached
from tests.settings_helpers import settings_with

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


def test_the_setting_builds_djangos_redis_cache():
    default = settings_with("settings.CACHES", CACHE_URL="redis://127.0.0.1:6379/0")["default"]
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_compose_gives_the_app_its_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["web"]["environment"]["CACHE_URL"] == "redis://redis:6379/0"
    for name in ("web", "web-heavy", "worker"):
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_bump_in_one_process_reaches_the_others(monkeypatch):
    """Two cache clients stand for two gunicorn processes: after one says the data changed,
    the other computes the figure again instead of reading its old value."""
    location = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    prefix = f"test-{uuid.uuid4().hex}"
    first = RedisCache(location, {"KEY_PREFIX": prefix})
    second = RedisCache(location, {"KEY_PREFIX": prefix})
    try:
        monkeypatch.setattr(cached, "cache", first)
        assert cached.figure("phases", "/1/", lambda: {"prepare": 1}) == {"prepare": 1}
        monkeypatch.setattr(cached, "cache", second)
        assert cached.figure("phases", "/1/", lambda: {"prepare": 9}) == {"prepare": 1}  # shared
        monkeypatch.setattr(cached, "cache", first)
        cached._bump("phases")  # as changed() does, in the first process
        monkeypatch.setattr(cached, "cache", second)
        assert cached.figure("phases", "/1/", lambda: {"vote": 1}) == {"vote": 1}
    finally:
        for key in first._cache.get_client().scan_iter(f"{prefix}:*"):
            first._cache.get_client().delete(key)
