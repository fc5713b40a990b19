"""Load with writes: the public pages under load while results are imported and an
article is published, with every response checked.

make load                                        # 2 minutes, 32 connections
.venv/bin/python bench/load_with_writes.py --seconds 20   # the short form the tests run

Serves a throwaway demo with gunicorn on 127.0.0.1 (as bench/run.py does), then keeps
--connections connections busy on the public pages for --seconds. A third of the way in,
the results of round 1's two races are imported again in reverse order; two thirds of the
way in, a draft article is published. Passes when every response is a 200 and no response
shows a half-imported round: the race page and the standings CSV read either as before
the import or as after it (as after once it has finished), and the news list shows the
article from the moment it is published. Only 127.0.0.1 is contacted; the run is bounded
by --seconds and by --max-requests.
"""

import argparse
import csv
import http.client
import io
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BASE, demo_server, environment, manage

PORT = 8766
RACE = "/sv/events/2021/germany/?session=R1"
STANDINGS = "/sv/standings/2021/drivers.csv"
NEWS = "/sv/news/"
PAGES = [
    "/sv/",
    "/en/",
    RACE,
    STANDINGS,
    NEWS,
    "/sv/standings/2021/drivers/",
    "/en/drivers/jessica-backman/",
    "/sv/calendar/",
    "/sv/news/feed/",
    "/en/events/2021/germany/",
]
ARTICLE = "Lastprov: publicerad under last"
ARTICLE_SLUG = "lastprov-publicerad-under-last"
# A page may be served as its previous version, marked stale, while the new one is being
# computed (delivery/pagecache.py): never longer than this after the change.
STALE_SECONDS = 2.0


def signature(path, body):
    """What a watched page says about round 1: the race's finishing order, or every
    driver's points."""
    text = body.decode("utf-8", "replace")
    if path == RACE:
        return tuple(re.findall(r'<th scope="row">([^<]+)</th>', text))
    if path == STANDINGS:
        return tuple(tuple(row[:3]) for row in csv.reader(io.StringIO(text)))
    if path == NEWS:
        return ARTICLE in text
    return None


def reversed_round_one():
    """Round 1's two races from the season file, each classified order reversed."""
    rows = list(csv.DictReader((BASE / "data/seasons/2021/results.csv").open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for session in ("R1", "R2"):
        mine = [r for r in rows if r["round"] == "1" and r["session"] == session]
        classified = sorted(
            (r for r in mine if r["status"] == "classified"), key=lambda r: int(r["position"])
        )
        for new, row in zip(range(len(classified), 0, -1), classified, strict=True):
            writer.writerow(row | {"position": str(new)})
        for row in mine:
            if row["status"] != "classified":
                writer.writerow(row)
    return out.getvalue()


class Load:
    def __init__(self, port, until, max_requests):
        self.port, self.until, self.max_requests = port, until, max_requests
        self.lock = threading.Lock()
        self.count = 0
        self.errors = Counter()
        # (path, started, finished, signature, marked stale) of watched pages
        self.seen = []

    def worker(self, offset):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = offset
        while time.monotonic() < self.until:
            with self.lock:
                if self.count >= self.max_requests:
                    return
                self.count += 1
            path = PAGES[n % len(PAGES)]
            n += 1
            started = time.monotonic()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.errors[f"{path}: {type(error).__name__}"] += 1
                connection.close()
                continue
            finished = time.monotonic()
            if response.status != 200:
                with self.lock:
                    self.errors[f"{path}: {response.status}"] += 1
                continue
            mark = signature(path, body)
            if mark is not None:
                stale = "detail=stale" in (response.getheader("Cache-Status") or "")
                with self.lock:
                    self.seen.append((path, started, finished, mark, stale))


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status} before the load")
    return signature(path, body)


def timed(step):
    started = time.monotonic()
    step()
    return started, time.monotonic()


def check(seen, before, after, windows):
    """Problems: a watched page that read neither as before nor as after its write, or as
    before when the write had finished when the request started (unless the page says it
    is the previous version, served stale while the new one is computed, and that within
    STALE_SECONDS of the write)."""
    problems = Counter()
    for path, started, finished, mark, stale in seen:
        write_start, write_end = windows[path]
        if mark not in (before[path], after[path]):
            problems[f"{path}: a state between before and after"] += 1
        elif started > write_end and mark != after[path]:
            if stale and started < write_end + STALE_SECONDS:
                continue
            problems[f"{path}: still as before after the change"] += 1
        elif finished < write_start and mark != before[path]:
            problems[f"{path}: changed before the change"] += 1
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="length of the load (120)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument(
        "--max-requests", type=int, default=1_000_000, help="stop after this many requests"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="serve from a new PostgreSQL database, wtcr_load, made (and dropped) through "
        "this server URL, e.g. postgres://postgres@127.0.0.1:5432/test; default: SQLite",
    )
    args = parser.parse_args()

    database = fresh_postgres(args.postgres) if args.postgres else None
    try:
        run_load(args, database)
    finally:
        if database:
            fresh_postgres(args.postgres, drop_only=True)


def fresh_postgres(url, *, drop_only=False):
    """An empty database wtcr_load on the server of `url`; returns its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS wtcr_load WITH (FORCE)")
        if not drop_only:
            connection.execute("CREATE DATABASE wtcr_load")
    return url.rsplit("/", 1)[0] + "/wtcr_load"


def run_load(args, database):
    extra = {"DATABASE_URL": database} if database else {}
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.csv"
        results.write_text(reversed_round_one(), encoding="utf-8")
        with demo_server("load", PORT, extra_env=extra):
            env = environment(BASE / "var" / "load") | extra
            manage(
                env,
                "shell",
                "--verbosity",
                "0",
                "-c",
                "from news.models import Article; Article.objects.create(language='sv', "
                f"title={ARTICLE!r}, slug={ARTICLE_SLUG!r}, summary='Publiceras under last.', "
                "body='<p>Publiceras under last.</p>', publish_at=None)",
            )
            before = {path: fetch(PORT, path) for path in (RACE, STANDINGS, NEWS)}
            load = Load(PORT, time.monotonic() + args.seconds, args.max_requests)
            threads = [
                threading.Thread(target=load.worker, args=(n,), daemon=True)
                for n in range(args.connections)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            time.sleep(args.seconds / 3)
            imported = timed(
                lambda: manage(env, "import_results", str(results), "--season", "2021", "-v0")
            )
            time.sleep(max(0.0, started + 2 * args.seconds / 3 - time.monotonic()))
            published = timed(
                lambda: manage(
                    env,
                    "shell",
                    "--verbosity",
                    "0",
                    "-c",
                    "from django.utils import timezone; from news.models import Article; "
                    f"a = Article.objects.get(slug={ARTICLE_SLUG!r}); "
                    "a.publish_at = timezone.now(); a.save()",
                )
            )
            for thread in threads:
                thread.join(timeout=args.seconds + 60)
            elapsed = time.monotonic() - started
            after = {path: fetch(PORT, path) for path in (RACE, STANDINGS, NEWS)}

    windows = {RACE: imported, STANDINGS: imported, NEWS: published}
    problems = check(load.seen, before, after, windows)
    changed = [path for path in before if before[path] != after[path]]
    print(
        f"\n{'PostgreSQL' if database else 'SQLite'}: {load.count} requests in {elapsed:.0f} s "
        f"({load.count / elapsed:.0f}/s) on "
        f"{args.connections} connections; import took {imported[1] - imported[0]:.1f} s, "
        f"publishing {published[1] - published[0]:.1f} s"
    )
    print(f"watched responses: {len(load.seen)}; pages changed by the writes: {len(changed)}/3")
    for path, n in Counter((p, m == after[p]) for p, _s, _f, m, _stale in load.seen).items():
        print(f"  {path[0]:<40} {'after' if path[1] else 'before'}: {n}")
    print(f"errors: {sum(load.errors.values())}")
    for line, n in sorted(load.errors.items()):
        print(f"  {line}: {n}")
    print(f"inconsistent responses: {sum(problems.values())}")
    for line, n in sorted(problems.items()):
        print(f"  {line}: {n}")
    if load.errors or problems or len(changed) != 3:
        raise SystemExit("load with writes: FAILED")
    print("load with writes: passed")


if __name__ == "__main__":
    main()
