import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["run", "prod", "test"])
@pytest.mark.parametrize(
    "python", ["", "/bin/false"], ids=["no-python", "python-failing-the-check"]
)
def test_make_stops_with_a_message_without_python_3_12(tmp_path, target, python):
    venv = tmp_path / "venv"

    result = subprocess.run(
        ["make", "--no-print-directory", target, f"PYTHON={python}", f"VENV={venv}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "Python 3.12 or newer is needed (3.13 recommended)" in result.stdout
    assert not venv.exists()
