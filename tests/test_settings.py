"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    script = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
        "'engine': settings.DATABASES['default']['ENGINE'], "
        "'broker': settings.CELERY_BROKER_URL, 'tz': settings.TIME_ZONE}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("REDIS_URL", None)
    clean.pop("SMS_BACKEND", None)
    clean.pop("CI", None)
    return subprocess.run(  # noqa: S603 - a fixed interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": f"config.settings.{module}", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_fails_production_without_a_secret_key():
    result = _settings("production", DATABASE_URL="sqlite:///x.db", DJANGO_ALLOWED_HOSTS="a.dk")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_fails_production_without_a_real_sms_backend():
    env = {"DJANGO_SECRET_KEY": "x", "DATABASE_URL": "sqlite:///x.db", "DJANGO_ALLOWED_HOSTS": "a"}
    result = _settings("production", **env)
    assert result.returncode != 0
    assert "SMS_BACKEND" in result.stderr


def test_it_reads_production_from_the_environment():
    result = _settings(
        "production",
        DJANGO_SECRET_KEY="s3cret",
        DATABASE_URL="postgres://u:p@db:5432/aftercare",
        DJANGO_ALLOWED_HOSTS="aftercare.example,api.aftercare.example",
        REDIS_URL="redis://cache:6379/0",
        SMS_BACKEND="notifications.sms.HttpSmsChannel",
    )
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"hosts": ["aftercare.example", "api.aftercare.example"]' in result.stdout
    assert "postgresql" in result.stdout
    assert '"broker": "redis://cache:6379/0"' in result.stdout


def test_it_keeps_debug_off_unless_asked_for():
    assert '"debug": false' in _settings("local").stdout
    assert '"debug": true' in _settings("local", DJANGO_DEBUG="true").stdout


@pytest.mark.parametrize("module", ["local", "production"])
def test_it_defaults_to_copenhagen_time(module):
    env = {
        "DJANGO_SECRET_KEY": "x",
        "DATABASE_URL": "sqlite:///x.db",
        "DJANGO_ALLOWED_HOSTS": "a",
        "SMS_BACKEND": "notifications.sms.HttpSmsChannel",
    }
    assert '"tz": "Europe/Copenhagen"' in _settings(module, **env).stdout


def test_it_needs_nothing_installed_locally():
    result = _settings("local")
    assert "sqlite3" in result.stdout
    assert '"broker": "filesystem://"' in result.stdout


def test_it_refuses_to_test_in_ci_without_the_real_services():
    result = _settings("test", CI="true")
    assert result.returncode != 0
    assert "PostgreSQL and Redis" in result.stderr
