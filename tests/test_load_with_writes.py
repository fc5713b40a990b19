"""The short form of the load-with-writes run (`make load` runs the two-minute one)."""

import os
import subprocess
import sys

from django.conf import settings


def test_pages_stay_whole_under_load_while_results_and_news_change():
    script = settings.BASE_DIR / "bench" / "load_with_writes.py"
    command = [sys.executable, str(script), "--seconds", "20", "--connections", "32"]
    # The PostgreSQL pass serves the load from a PostgreSQL database of its own.
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        command += ["--postgres", os.environ["DATABASE_URL"]]
    run = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "errors: 0" in report
    assert "inconsistent responses: 0" in report
    assert "pages changed by the writes: 3/3" in report
