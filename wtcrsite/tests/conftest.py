import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-like-key-for-tests-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "backman.example",
}


def _clean_env(env):
    """This process's environment without the project's own variables, plus env."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "ADMIN_URL"))
    }
    return {**base, **env}


@pytest.fixture
def run_python():
    """run_python(code, env) -> CompletedProcess: Python in a fresh process at the
    project root, with only the given project variables set (settings are read
    at import, so other settings need another process)."""

    def run(code, env):
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=BASE_DIR,
            env=_clean_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def settings_from_env(run_python):
    """settings_from_env(env, *names) -> {name: value} as the settings module reads them."""

    def read(env, *names):
        code = (
            "import json; from wtcrsite import settings as s; "
            f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
        )
        result = run_python(code, env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return read


@pytest.fixture
def manage(run_python):
    """manage(env, *args) -> CompletedProcess of `manage.py args` in a fresh process."""

    def run(env, *args):
        code = (
            "import sys; from django.core.management import execute_from_command_line; "
            f"execute_from_command_line(['manage.py', *{list(args)!r}])"
        )
        return run_python(code, {"DJANGO_SETTINGS_MODULE": "wtcrsite.settings", **env})

    return run
