"""Development secrets kept in local files, made once even when processes race."""

from pathlib import Path

from safespace.lib.env import local_secret


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
