"""Benchmark the public pages with wrk against gunicorn on 127.0.0.1: server CPU per request,
as a ratio to a bare response served by the same server, on two backends, and how a content
change under load shows in the driver page's latency.

make bench     # or: .venv/bin/python bench/run.py [--seconds 10] [--connections 32]
               #                                    [--backends sqlite,postgres]

Backends: "sqlite", a throwaway SQLite copy of the demo in var/bench/ with each process's
memory cache; "postgres", a throwaway PostgreSQL database bench_<pid> on 127.0.0.1:5432
(user postgres) with Redis database 13 on 127.0.0.1:6379 (flushed before each server), skipped
when either does not answer. The PostgreSQL databases are dropped and the Redis database
flushed at the end, also on an error or Ctrl-C; the PostgreSQL and Redis servers are left
running.

For each backend the demo is built (migrate, demo, collectstatic), then served by gunicorn
(2 sync workers, debug off, bench.wsgi:application: the site plus /__floor__, a bare
HttpResponse with no middleware) once with the page cache on and once with it off
(DJANGO_PAGE_CACHE=false). On each server every page is warmed up, then loaded with wrk for
--seconds on --connections connections (asking for gzip, as browsers do): requests served,
p50 and p99 latency, and server CPU per request, the user + system CPU time of the gunicorn
master and its workers (/proc/<pid>/stat) over the run divided by the requests wrk completed.
The ratio is the floor's CPU per request on the same server over the page's (100 %: as cheap
as a bare response).

Stampede, with the page cache on, at 1x data and at 10x (a copy of the database with
`manage.py build_synthetic_season --scale 10`): the driver page's p99 in a normal wrk run,
then a wrk run (bench/stamp.lua, one connection per thread, each response's latency and
completion time) during which, after 1 s, `areas.bump("results", "drivers")` bumps those
content areas' versions, as `manage.py bump_content results drivers` does. The bump is made
by a Python process set up beforehand (the server's environment, django.setup(), a database
connection), started and ready before the wrk run begins, which then only waits for a line
on its stdin: the machine's load in the window is the server's, not a process starting. The
figure: the p99 of the responses completed in the 2 s after the change, and its ratio to the
cached p99 (the aim: at most 3x). The change is placed when the first request answered as
anything but a plain hit (Cache-Status) was sent, or, failing that, when the bump returned.

Only 127.0.0.1 is ever contacted; every run is bounded in time.
"""

import argparse
import contextlib
import math
import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
HEADERS = ["-H", "Accept-Encoding: gzip"]
FLOOR = ("floor", "/__floor__")
PAGES = [
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
EXTRA = [("near-empty", "/robots.txt")]
BACKENDS = {"sqlite": "SQLite + process memory cache", "postgres": "PostgreSQL + Redis"}
POSTGRES = ("127.0.0.1", 5432)
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/13"
STAMPEDE_PAGE = "/sv/drivers/jessica-backman/"
CHANGE_AREAS = ("results", "drivers")  # as `manage.py bump_content results drivers`
CHANGE = f"areas.bump({', '.join(f'"{name}"' for name in CHANGE_AREAS)})"
# The process that makes the change: set up first, it says "ready", then bumps the areas
# named in its arguments when a line arrives on its stdin, and says "bumped" and the versions.
TRIGGER = """\
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wtcrsite.settings")
import django

django.setup()
from django.db import connection

from delivery import areas

connection.ensure_connection()
print("ready", flush=True)
if sys.stdin.readline():
    versions = areas.bump(*sys.argv[1:])
    print("bumped", *(f"{name}={v}" for name, v in sorted(versions.items())), flush=True)
"""
READY_LIMIT = 60  # seconds for the trigger process to be set up
CHANGE_AFTER = 1.0  # seconds into the stampede run
WINDOW = 2.0  # seconds after the change whose responses count
STAMP_LIMIT = 60  # seconds: the stampede run's wrk stops by itself by then at the latest
SCALE = 10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


def build_demo(env):
    """Migrate, load the demo and collect static files, as for production."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo", "--no-admin", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


@dataclass
class Server:
    root: str
    pid: int

    def cpu_ticks(self):
        """CPU clock ticks (user + system) used so far by the master and each worker, by pid."""
        ticks = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            # Fields after "(comm)": state, ppid, ... utime and stime are fields 14 and 15.
            fields = stat.rsplit(")", 1)[1].split()
            if int(entry.name) == self.pid or int(fields[1]) == self.pid:
                ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        return ticks


def cpu_seconds(before, after):
    """CPU seconds the server used between two cpu_ticks() readings (a worker that started
    meanwhile counts from zero)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / CLOCK_TICKS


@contextlib.contextmanager
def serve(env, port, *, app="wtcrsite.wsgi", workers=2):
    """gunicorn serving `app` on 127.0.0.1:port with `env`; yields a Server, stops it after."""
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            app,
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
        yield Server(root, server.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


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
    build_demo(env)
    with serve(env, port, workers=workers) as server:
        yield server.root


def to_ms(value):
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    if found is None:
        raise SystemExit(f"wrk printed a latency this script does not read: {value!r}")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit]


@dataclass
class Run:
    requests: int
    p50: float  # ms
    p99: float  # ms
    errors: int  # non-2xx/3xx responses and socket errors
    cpu_us: float  # server CPU per request, microseconds


def run_wrk(server, path, seconds, connections):
    """One wrk run on `path`, with the server's CPU time read before and after it."""
    before = server.cpu_ticks()
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            *HEADERS,
            server.root + path,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    cpu = cpu_seconds(before, server.cpu_ticks())
    requests = int(re.search(r"(\d+) requests in ", out).group(1))
    # The latency distribution's lines, not a "+/- Stdev" figure ending in 50% or 99%.
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    failed = (int(errors.group(1)) if errors else 0) + (
        sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0
    )
    cpu_us = cpu / requests * 1e6 if requests else math.nan
    return Run(requests, p50, p99, failed, cpu_us)


def warm_up(server, paths):
    """Code paths, query plans and caches: a few requests to each page first."""
    for path in paths:
        for _ in range(5):
            wait_for(server.root + path)


def measure_pages(server, seconds, connections):
    rows = [FLOOR, *PAGES, *EXTRA]
    warm_up(server, [path for _, path in rows])
    return {path: run_wrk(server, path, seconds, connections) for _, path in rows}


@dataclass
class Trigger:
    process: subprocess.Popen  # binary pipes to stdin and from stdout
    errors: object  # the temporary file its stderr goes to


@contextlib.contextmanager
def change_trigger(env):
    """The TRIGGER process, in `env` (the server's): yields a Trigger; the process is killed
    when the block ends."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [PYTHON, "-c", TRIGGER, *CHANGE_AREAS],
            cwd=BASE,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            bufsize=0,
        )
        try:
            yield Trigger(process, errors)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
            process.stdin.close()
            process.stdout.close()


def read_line(trigger, seconds):
    """The next line the trigger process writes to stdout, without its newline, or None when
    none came within `seconds` (or it ended first)."""
    process = trigger.process
    deadline = time.monotonic() + seconds
    fd = process.stdout.fileno()
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        byte = os.read(fd, 1)  # one at a time: nothing past the line is taken
        if not byte:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            return None
        line += byte
    return line[:-1].decode(errors="replace")


def trigger_failure(trigger, what, seconds):
    """Why the trigger process gave no line for `what`: still running, or its exit and last
    words."""
    process = trigger.process
    if process.poll() is None:
        return f"the process making {CHANGE} did not {what} within {seconds:.0f} s"
    trigger.errors.seek(0)
    said = trigger.errors.read().decode(errors="replace").strip().splitlines() or ["no output"]
    return (
        f"the process making {CHANGE} ended before it could {what} "
        f"(exit {process.returncode}): {said[-1]}"
    )


def percentile(values, share):
    """Nearest-rank percentile of `values` (ms), NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Stampede:
    cached_p99: float  # ms, a normal wrk run
    after_p99: float = math.nan  # ms, responses completed in the WINDOW from the change
    after_count: int = 0
    after_cache: Counter = field(default_factory=Counter)  # their Cache-Status
    before_p99: float = math.nan  # ms, from the trigger to the change
    bump_seconds: float = math.nan  # from the trigger until the bump was reported
    change_at: float = math.nan  # seconds from the trigger to the change
    change_seen: bool = False  # the change was placed by Cache-Status, not the bump's return
    versions: str = ""  # as the trigger process reported them
    covered: float = 0.0  # seconds of the window the run covered
    errors: int = 0
    failure: str = ""


def stampede(server, env, seconds, connections):
    """The driver page's cached p99, then its p99 in the WINDOW seconds after a content
    change made under load by CHANGE (as `manage.py bump_content results drivers`), from a
    process in the server's `env` that is set up before the load begins."""
    warm_up(server, [STAMPEDE_PAGE])
    cached = run_wrk(server, STAMPEDE_PAGE, seconds, connections)
    result = Stampede(cached.p99, errors=cached.errors)
    with change_trigger(env) as trigger:
        if read_line(trigger, READY_LIMIT) != "ready":
            result.failure = trigger_failure(trigger, "get ready", READY_LIMIT)
            return result
        return stampede_run(server, trigger, result, connections)


def stampede_run(server, trigger, result, connections):
    """The wrk run with bench/stamp.lua, the ready `trigger` told to bump CHANGE_AREAS after
    CHANGE_AFTER seconds; fills in `result`."""
    wrk = subprocess.Popen(
        [
            "wrk",
            f"-t{connections}",
            f"-c{connections}",
            f"-d{STAMP_LIMIT}s",
            "--timeout",
            "30s",
            "-s",
            str(BASE / "bench" / "stamp.lua"),
            *HEADERS,
            server.root + STAMPEDE_PAGE,
        ],
        cwd=BASE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(CHANGE_AFTER)
        limit = STAMP_LIMIT - CHANGE_AFTER - WINDOW - 5
        started = time.monotonic()
        try:
            trigger.process.stdin.write(b"\n")
        except BrokenPipeError:
            reported = None
        else:
            reported = read_line(trigger, limit)
        changed = time.monotonic()
        if reported is None or not reported.startswith("bumped"):
            result.failure = trigger_failure(trigger, "report the bump", limit)
        else:
            result.versions = reported.removeprefix("bumped").strip()
        if not result.failure:
            time.sleep(max(0.0, changed + WINDOW + 0.1 - time.monotonic()))
    finally:
        if wrk.poll() is None:
            wrk.send_signal(signal.SIGINT)  # wrk stops, reports and runs done()
        out, err = wrk.communicate(timeout=60)
    if wrk.returncode != 0:
        raise SystemExit(f"wrk with bench/stamp.lua failed: {err.strip()}")
    if result.failure:
        return result

    stamps = []  # (completed, latency ms, status, how the page cache answered)
    for line in out.splitlines():
        if line.startswith("stamp "):
            _, completed, latency, status, cache = line.split(maxsplit=4)
            cache = cache.removeprefix("wtcrsite; ").replace(" ", "")
            stamps.append((float(completed), float(latency) * 1000, int(status), cache))
    # The change: when the first request that was not a plain cache hit (it found the new
    # versions) was sent, when the server says so in Cache-Status; else the bump's return.
    reached = [
        stamp[0] - stamp[1] / 1000
        for stamp in stamps
        if stamp[0] > started and stamp[3] not in ("hit", "-")
    ]
    change = max(started, min(changed, *reached)) if reached else changed
    last = max((stamp[0] for stamp in stamps), default=change)
    window = [stamp for stamp in stamps if change < stamp[0] <= change + WINDOW]
    before = [stamp for stamp in stamps if started < stamp[0] <= change]
    result.after_p99 = percentile([stamp[1] for stamp in window], 0.99)
    result.after_count = len(window)
    result.after_cache = Counter(stamp[3] for stamp in window)
    result.before_p99 = percentile([stamp[1] for stamp in before], 0.99)
    result.bump_seconds = changed - started
    result.change_at = change - started
    result.change_seen = bool(reached)
    result.errors += sum(1 for stamp in stamps if not 200 <= stamp[2] < 400)
    result.covered = max(0.0, min(WINDOW, last - change))
    return result


def answers(address):
    try:
        with socket.create_connection(address, timeout=2):
            return True
    except OSError:
        return False


def flush_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=10)
    try:
        client.flushdb()
    finally:
        client.close()


def postgres_admin(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


@dataclass
class Backend:
    name: str
    env: dict  # 1x data
    env_scaled: dict  # SCALE x data
    before_serving: object  # called before each server starts


@contextlib.contextmanager
def sqlite_backend():
    """The demo in var/bench/ (SQLite, memory cache), and a SCALE x copy in var/bench-10x/."""
    folder = BASE / "var" / "bench"
    scaled = BASE / "var" / f"bench-{SCALE}x"
    try:
        for path in (folder, scaled):
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
        env = environment(folder)
        env.pop("REDIS_URL", None)
        build_demo(env)
        with (
            contextlib.closing(sqlite3.connect(folder / "db.sqlite3")) as source,
            contextlib.closing(sqlite3.connect(scaled / "db.sqlite3")) as copy,
        ):
            source.backup(copy)
        env_scaled = env | {"DATABASE_URL": f"sqlite:///{scaled / 'db.sqlite3'}"}
        manage(env_scaled, "build_synthetic_season", "--scale", str(SCALE), "--verbosity", "0")
        yield Backend("sqlite", env, env_scaled, lambda: None)
    finally:
        shutil.rmtree(scaled, ignore_errors=True)


@contextlib.contextmanager
def postgres_backend():
    """A new database bench_<pid> with the demo, a SCALE x copy, Redis database 13; both
    databases are dropped and the Redis database flushed at the end."""
    name = f"bench_{os.getpid()}"
    scaled = f"{name}_{SCALE}x"
    created = []
    try:
        postgres_admin(f'CREATE DATABASE "{name}"')
        created.append(name)
        folder = BASE / "var" / "bench-postgres"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        flush_redis()
        env = environment(folder) | {
            "DATABASE_URL": f"{POSTGRES_SERVER}/{name}",
            "REDIS_URL": REDIS_URL,
        }
        build_demo(env)
        postgres_admin(f'CREATE DATABASE "{scaled}" TEMPLATE "{name}"')
        created.append(scaled)
        env_scaled = env | {"DATABASE_URL": f"{POSTGRES_SERVER}/{scaled}"}
        manage(env_scaled, "build_synthetic_season", "--scale", str(SCALE), "--verbosity", "0")
        yield Backend("postgres", env, env_scaled, flush_redis)
    finally:
        for database in reversed(created):
            with contextlib.suppress(Exception):
                postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            flush_redis()


def bench_backend(backend, args):
    app = "bench.wsgi:application"
    cache_on = {"DJANGO_PAGE_CACHE": "true"}
    cache_off = {"DJANGO_PAGE_CACHE": "false"}
    measured, stampedes = {}, {}
    backend.before_serving()
    with serve(backend.env | cache_on, PORT, app=app) as server:
        measured["cached"] = measure_pages(server, args.seconds, args.connections)
        stampedes["1x"] = stampede(server, backend.env | cache_on, args.seconds, args.connections)
    backend.before_serving()
    with serve(backend.env | cache_off, PORT, app=app) as server:
        measured["uncached"] = measure_pages(server, args.seconds, args.connections)
    backend.before_serving()
    with serve(backend.env_scaled | cache_on, PORT, app=app) as server:
        stampedes[f"{SCALE}x"] = stampede(
            server, backend.env_scaled | cache_on, args.seconds, args.connections
        )
    return measured, stampedes


def cell(value, spec):
    return format(value, spec) if not math.isnan(value) else format("-", f">{spec[:-3]}")


def cache_statuses(counts):
    return ", ".join(f"{status} {n}" for status, n in counts.most_common()) or "none"


def print_table(backend, measured, stampedes, args):
    print(
        f"\n{BACKENDS[backend.name]}: wrk -t2 -c{args.connections} -d{args.seconds}s, gzip; "
        "gunicorn 2 sync workers (bench.wsgi), debug off, 127.0.0.1"
    )
    print(
        "CPU: user + system of the gunicorn master and workers per request completed; "
        "ratio: the floor's CPU per request / the page's"
    )
    columns = "{:>8} {:>7} {:>6} {:>7} {:>7}"
    header = columns.format("requests", "µs/req", "ratio", "p50 ms", "p99 ms")
    width = len(header)
    print(f"{'':<12} {'':<42}  {'page cache on':^{width}}  {'page cache off':^{width}}")
    print(f"{'page':<12} {'path':<42}  {header}  {header}  errors")
    errors = 0
    for name, path in [FLOOR, *PAGES, *EXTRA]:
        cells = []
        for mode in ("cached", "uncached"):
            run, floor = measured[mode][path], measured[mode][FLOOR[1]]
            ratio = floor.cpu_us / run.cpu_us if run.cpu_us else math.nan
            cells.append(
                f"{run.requests:8d} {cell(run.cpu_us, '7.0f')} {cell(ratio, '6.1%')} "
                f"{run.p50:7.1f} {run.p99:7.1f}"
            )
        failed = measured["cached"][path].errors + measured["uncached"][path].errors
        errors += failed
        print(f"{name:<12} {path:<42}  {cells[0]}  {cells[1]}  {failed:6d}")
    for scale, result in stampedes.items():
        errors += result.errors
        print(
            f"stampede, {scale} data, {STAMPEDE_PAGE}, page cache on, {args.connections} "
            f"connections: cached p99 {result.cached_p99:.1f} ms"
        )
        if result.failure:
            print(f"  no content change: {result.failure}")
            continue
        ratio = result.after_p99 / result.cached_p99 if result.cached_p99 else math.nan
        print(
            f"  p99 in the {WINDOW:.0f} s after the change (`{CHANGE}`, from a process set up "
            "beforehand, as `manage.py bump_content results drivers`): "
            f"{cell(result.after_p99, '.1f')} ms, {cell(ratio, '.1f')}x the cached p99 "
            f"(aim: at most 3x); {result.after_count} responses, {result.errors} errors"
            + (
                f"; the run covered only {result.covered:.1f} s of the window"
                if result.covered < WINDOW - 0.05
                else ""
            )
        )
        where = (
            "the first request not answered as a plain cache hit was sent"
            if result.change_seen
            else "the bump returned (no response's Cache-Status showed it sooner)"
        )
        print(
            f"  the change: {result.change_at:.2f} s after the bump was asked for, when {where}; "
            f"the bump returned after {result.bump_seconds:.2f} s ({result.versions}); "
            f"p99 from the asking to the change {cell(result.before_p99, '.1f')} ms"
        )
        if set(result.after_cache) != {"-"}:
            print(f"  Cache-Status in the window: {cache_statuses(result.after_cache)}")
    return errors, [r.failure for r in stampedes.values() if r.failure]


def terminate(signum, frame):
    raise SystemExit(128 + signum)  # so the servers stop and the databases are dropped


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument("--seconds", type=int, default=10, help="load time per run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument(
        "--backends",
        default="sqlite,postgres",
        help="comma-separated: sqlite, postgres (default both)",
    )
    args = parser.parse_args()
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = [name for name in backends if name not in BACKENDS]
    if unknown or not backends:
        parser.error(f"--backends takes sqlite and/or postgres, not {args.backends!r}")
    if args.seconds < 1 or args.connections < 1:
        parser.error("--seconds and --connections must be at least 1")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, terminate)

    errors, failures = 0, []
    for name in backends:
        if name == "sqlite":
            prepared = sqlite_backend()
        else:
            missing = [
                f"{what} on {host}:{port}"
                for what, (host, port) in (("PostgreSQL", POSTGRES), ("Redis", REDIS))
                if not answers((host, port))
            ]
            if missing:
                print(f"\n{BACKENDS[name]}: skipped, nothing answers as {' or '.join(missing)}")
                continue
            prepared = postgres_backend()
        with prepared as backend:
            measured, stampedes = bench_backend(backend, args)
        failed, failing = print_table(backend, measured, stampedes, args)
        errors += failed
        failures += failing
    if errors:
        raise SystemExit("some responses were errors")
    if failures:
        raise SystemExit("no content change could be made for the stampede figure")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("interrupted; the servers are stopped and the databases dropped") from None
