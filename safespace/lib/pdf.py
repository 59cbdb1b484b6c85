"""Tagged PDFs (PDF/UA-1) drawn from a template, which never reach outside the page itself."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def offline_fetcher() -> URLFetcher:
    """A fetcher for WeasyPrint that answers data: URIs and refuses every other address."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template as a tagged PDF (PDF/UA-1).

    Everything it needs is in the HTML: the fetcher refuses every address but data: URIs, so
    rendering never reaches the network or the file system, whatever a text contains.
    """
    html = render_to_string(template, context)
    document = HTML(string=html, base_url="data:,", url_fetcher=offline_fetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
