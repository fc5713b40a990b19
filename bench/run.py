"""Benchmark the public pages with wrk against gunicorn on 127.0.0.1, as ratios.

make bench            # or: .venv/bin/python bench/run.py [--seconds 10] [--connections 32]

Builds a throwaway SQLite copy of the demo in var/bench/, collects static files, starts
gunicorn (2 sync workers, debug off) on 127.0.0.1, warms each page up, then loads it with
wrk for a bounded time (asking for gzip, as browsers do) and prints requests per second,
p50 and p99 latency, and the ratio of each page's rate to /robots.txt (a near-empty
response) measured by the same server in the same run: once with the page cache on, once
with it off (DJANGO_PAGE_CACHE=false). Only 127.0.0.1 is ever contacted.
"""

import argparse
import contextlib
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
HEADERS = ["-H", "Accept-Encoding: gzip"]
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


@contextlib.contextmanager
def demo_server(name, port, *, workers=2, extra_env=None):
    """Serve a throwaway demo with gunicorn on 127.0.0.1, debug off; yields the root URL.

    The demo is built from scratch in var/<name>/ (SQLite, media), static files are collected
    as in production, extra_env is added to the environment of every step, and the server is
    stopped when the block ends.
    """
    folder = BASE / "var" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = environment(folder) | (extra_env or {})
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo", "--no-admin", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "wtcrsite.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
        start_new_session=True,
    )
    try:
        root = f"http://127.0.0.1:{port}"
        wait_for(root + "/healthz")
        yield root
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def to_ms(value):
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    if found is None:
        raise SystemExit(f"wrk printed a latency this script does not read: {value!r}")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit]


def run_wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *HEADERS, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # The latency distribution's lines, not a "+/- Stdev" figure ending in 50% or 99%.
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per page (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    measured = {}
    for mode in ("cached", "uncached"):
        cache = {"DJANGO_PAGE_CACHE": "true" if mode == "cached" else "false"}
        with demo_server("bench", PORT, extra_env=cache) as root:
            for _name, path in PAGES:  # warm up: code paths, query plans, caches
                for _ in range(5):
                    wait_for(root + path)
            measured[mode] = [
                run_wrk(root + path, args.seconds, args.connections) for _, path in PAGES
            ]

    print(
        f"\nwrk -t2 -c{args.connections} -d{args.seconds}s, gzip, "
        "gunicorn 2 sync workers, SQLite, 127.0.0.1"
    )
    columns = "{:>8} {:>6} {:>7} {:>7}"
    print(f"{'':<12} {'':<42}  {'page cache on':^31}  {'page cache off':^31}")
    header = ("req/s", "ratio", "p50 ms", "p99 ms")
    print(
        f"{'page':<12} {'path':<42}  {columns.format(*header)}  {columns.format(*header)}  errors"
    )
    bases = {mode: rows[0][0] for mode, rows in measured.items()}
    errors = 0
    for n, (name, path) in enumerate(PAGES):
        cells = []
        for mode in ("cached", "uncached"):
            rate, p50, p99, failed = measured[mode][n]
            errors += failed
            ratio = rate / bases[mode] if bases[mode] else 0
            cells.append(f"{rate:8.0f} {ratio:6.1%} {p50:7.1f} {p99:7.1f}")
        failed = measured["cached"][n][3] + measured["uncached"][n][3]
        print(f"{name:<12} {path:<42}  {cells[0]}  {cells[1]}  {failed:6d}")
    if errors:
        raise SystemExit("some responses were errors")


if __name__ == "__main__":
    main()
