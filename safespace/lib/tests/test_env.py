"""Secrets from the environment or a secret file, and development secrets made once."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from safespace.lib.env import local_secret, secret_from_env_or_file


def test_it_creates_the_secret_once_with_owner_only_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    first = local_secret(path, lambda: "first")
    assert first == "first"
    assert local_secret(path, lambda: "second") == "first"
    assert path.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_it_uses_the_other_process_secret_when_it_loses_the_race(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"

    def another_process_gets_there_first() -> str:
        path.write_text("theirs\n")
        return "ours"

    assert local_secret(path, another_process_gets_there_first) == "theirs"
    assert path.read_text() == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_a_secret_is_read_from_the_file_its_name_file_variable_points_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "master_key"
    secret.write_text("k1:from-a-secret-file\n")
    monkeypatch.delenv("SAFESPACE_MASTER_KEY", raising=False)
    monkeypatch.setenv("SAFESPACE_MASTER_KEY_FILE", str(secret))
    assert secret_from_env_or_file("SAFESPACE_MASTER_KEY") == "k1:from-a-secret-file"


def test_a_secret_in_the_variable_itself_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "master_key"
    secret.write_text("k1:from-a-secret-file\n")
    monkeypatch.setenv("SAFESPACE_MASTER_KEY", "k1:from-the-variable")
    monkeypatch.setenv("SAFESPACE_MASTER_KEY_FILE", str(secret))
    assert secret_from_env_or_file("SAFESPACE_MASTER_KEY") == "k1:from-the-variable"


def test_an_unreadable_secret_file_is_refused_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAFESPACE_MASTER_KEY", raising=False)
    monkeypatch.setenv("SAFESPACE_MASTER_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(
        ImproperlyConfigured, match=r"SAFESPACE_MASTER_KEY_FILE points at .*missing"
    ):
        secret_from_env_or_file("SAFESPACE_MASTER_KEY")


def test_no_secret_and_no_file_gives_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFESPACE_MASTER_KEY", raising=False)
    monkeypatch.delenv("SAFESPACE_MASTER_KEY_FILE", raising=False)
    assert secret_from_env_or_file("SAFESPACE_MASTER_KEY") == ""
