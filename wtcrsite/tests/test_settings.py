def test_development_defaults(settings_from_env):
    values = settings_from_env(
        {"DJANGO_DEBUG": "true"}, "DEBUG", "ALLOWED_HOSTS", "DATABASES", "CACHES", "STATIC_URL"
    )

    assert values["DEBUG"] is True
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"].endswith("var/db.sqlite3")
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert values["STATIC_URL"] == "/static/"


def test_production_services_from_the_environment(settings_from_env):
    env = {
        "DJANGO_DEBUG": "off",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "backman.example, www.backman.example",
        "DATABASE_URL": "postgres://site:pw@db.internal:5432/backman",
        "REDIS_URL": "redis://cache.internal:6379/2",
        "ADMIN_URL": "/office/",
        "DJANGO_STATIC_HOST": "https://cdn.example/",
    }

    values = settings_from_env(
        env,
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASES",
        "CACHES",
        "ADMIN_URL",
        "STATIC_URL",
        "SECURE_CSP",
    )

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["backman.example", "www.backman.example"]
    database = values["DATABASES"]["default"]
    assert (database["ENGINE"], database["NAME"], database["HOST"], database["PORT"]) == (
        "django.db.backends.postgresql",
        "backman",
        "db.internal",
        5432,
    )
    # Redis, through a backend that serves pages without the cache when Redis is down
    assert values["CACHES"]["default"]["BACKEND"] == "delivery.forgiving_cache.ForgivingRedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert values["ADMIN_URL"] == "office/"
    assert values["STATIC_URL"] == "https://cdn.example/static/"
    assert values["SECURE_CSP"]["style-src"] == ["'self'", "https://cdn.example"]


def test_admin_is_mounted_at_admin_url(run_python):
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    result = run_python(
        code,
        {
            "DJANGO_DEBUG": "true",
            "ADMIN_URL": "office",
            "DJANGO_SETTINGS_MODULE": "wtcrsite.settings",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "/office/\n"


def test_results_file_cap_from_the_environment(settings_from_env):
    default = settings_from_env({"DJANGO_DEBUG": "true"}, "RESULTS_FILE_MAX_BYTES")
    set_ = settings_from_env(
        {"DJANGO_DEBUG": "true", "DJANGO_RESULTS_FILE_MAX_BYTES": "2048"}, "RESULTS_FILE_MAX_BYTES"
    )

    assert default["RESULTS_FILE_MAX_BYTES"] == 1024 * 1024
    assert set_["RESULTS_FILE_MAX_BYTES"] == 2048
