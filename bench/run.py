"""Benchmark the public pages with wrk against gunicorn on 127.0.0.1, as ratios.

make bench            # or: .venv/bin/python bench/run.py [--seconds 10] [--connections 32]

Builds a throwaway SQLite copy of the demo in var/bench/, collects static files, starts
gunicorn (2 sync workers, debug off) on 127.0.0.1, warms each page up, then loads it with
wrk for a bounded time and prints requests per second, p50 and p99 latency, and the ratio
of each page's rate to /robots.txt (a near-empty response) measured in the same run.
Only 127.0.0.1 is ever contacted.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
PAGES = [
    ("near-empty", "/robots.txt"),
    ("home", "/sv/"),
    ("driver", "/sv/drivers/jessica-backman/"),
    ("calendar", "/sv/calendar/"),
    ("event", "/sv/events/2021/germany/"),
    ("standings", "/sv/standings/2021/drivers/"),
    ("news list", "/sv/news/"),
    ("article", "/sv/news/forsta-poangen-pa-nordschleife/"),
    ("feed", "/sv/news/feed/"),
    ("season .ics", "/sv/calendar/2021.ics"),
]


def environment(folder):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-only-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE, env=env, check=True)


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per page (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    folder = BASE / "var" / "bench"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = environment(folder)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo", "--no-admin", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "wtcrsite.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
        start_new_session=True,
    )
    try:
        root = f"http://127.0.0.1:{PORT}"
        wait_for(root + "/healthz")
        for _name, path in PAGES:  # warm up: code paths, query plans, caches
            for _ in range(5):
                wait_for(root + path)
        results = [
            (name, path, *run_wrk(root + path, args.seconds, args.connections))
            for name, path in PAGES
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    base_rate = results[0][2]
    print(f"\nwrk -t2 -c{args.connections} -d{args.seconds}s, gunicorn 2 sync workers, 127.0.0.1")
    header = ("page", "path", "req/s", "ratio", "p50 ms", "p99 ms", "errors")
    print("{:<12} {:<44} {:>8} {:>6} {:>7} {:>7} {:>6}".format(*header))
    for name, path, rate, p50, p99, errors in results:
        ratio = rate / base_rate if base_rate else 0
        print(f"{name:<12} {path:<44} {rate:8.0f} {ratio:6.1%} {p50:7.1f} {p99:7.1f} {errors:6d}")
    if any(errors for *_rest, errors in results):
        raise SystemExit("some responses were errors")


if __name__ == "__main__":
    main()
