"""The SQLite database and its -wal/-shm files are the owner's alone (0600), like the secret."""

import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.process

SHOW_MODES = """
import os, stat
from django.db import connection
from decompress.models import Partner
Partner.objects.exists()  # an open connection in WAL mode: -wal and -shm exist now
base = connection.settings_dict["NAME"]
for name in (base, base + "-wal", base + "-shm", os.environ["DECOMPRESS_DATA_DIR"] + "/secret_key"):
    print(os.path.basename(name), oct(stat.S_IMODE(os.stat(name).st_mode)))
"""


def _manage(tmp_path: Path, *args: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "DECOMPRESS_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "manage.py", *args]
    # umask 022, as most shells have it: the files must not inherit group or world access.
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        preexec_fn=lambda: __import__("os").umask(0o022),
    ).stdout  # fmt: skip


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path


def test_database_files_are_created_0600(data_dir):
    _manage(data_dir, "migrate", "-v0")
    modes = dict(
        line.split()
        for line in _manage(data_dir, "shell", "-v0", "-c", SHOW_MODES).split("\n")
        if line
    )
    assert modes == {
        "decompress.sqlite3": "0o600",
        "decompress.sqlite3-wal": "0o600",
        "decompress.sqlite3-shm": "0o600",
        "secret_key": "0o600",
    }


def test_the_data_folder_is_the_owners_alone(tmp_path):
    made_by_a_shell = tmp_path / "var"
    made_by_a_shell.mkdir(mode=0o755)
    made_by_a_shell.chmod(0o755)
    _manage(made_by_a_shell, "check")
    assert stat.S_IMODE(made_by_a_shell.stat().st_mode) == 0o700
    fresh = tmp_path / "fresh"
    _manage(fresh, "check")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


def test_an_older_world_readable_database_is_closed_to_others(data_dir):
    database = data_dir / "decompress.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    _manage(data_dir, "check")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
