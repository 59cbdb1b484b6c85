"""The built front end: our own favicon, and nothing that belongs to GOV.UK alone."""

from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
BUILT = ROOT / "build" / "static"
CSS = BUILT / "css" / "safespace.css"
NOT_BUILT = "build/static is made by `npm run build` (make test runs it first); it has not run"


@pytest.mark.skipif(not CSS.exists(), reason=NOT_BUILT)
def test_the_build_ships_no_crown_crest_or_gov_uk_manifest() -> None:
    shipped = [p.relative_to(BUILT).as_posix() for p in BUILT.rglob("*") if p.is_file()]
    forbidden = ("crown", "crest", "govuk-icon", "opengraph", "manifest", "favicon.ico", "fonts/")
    assert [name for name in shipped if any(word in name for word in forbidden)] == []
    assert "images/favicon.svg" in shipped


@pytest.mark.skipif(not CSS.exists(), reason=NOT_BUILT)
def test_the_built_styles_carry_no_gds_transport_font_and_no_crest() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert "@font-face" not in css
    assert "GDS Transport" not in css
    assert "govuk-crest" not in css


def test_our_favicon_is_a_plain_s_with_no_crown() -> None:
    svg = (ROOT / "assets" / "favicon.svg").read_text(encoding="utf-8")
    assert ">S</text>" in svg
    assert "<image" not in svg


def test_the_layout_links_our_favicon(client: Client, db: None) -> None:
    body = client.get("/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/images/favicon.svg">' in body
    assert "govuk/assets/images" not in body
