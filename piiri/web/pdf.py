"""A page as PDF (WeasyPrint): the report and the printable invitation are printed from the
same HTML and print CSS a browser shows.

WeasyPrint needs Pango from Debian (scripts/install-system-deps.sh); it is imported when a PDF
is first asked for, so Piiri runs without it and only the PDF download needs it. The page's
stylesheets are read from Piiri's own assets and nothing else is fetched: no network, no file
outside static/.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from piiri.web.static_assets import StaticAssets

# The page is given this base address so that its /static/ links resolve; nothing is fetched
# from it (``fetcher`` answers from the assets in memory).
BASE_URL = "https://piiri.invalid/"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are not installed."""


def html_to_pdf(html: str, assets: StaticAssets) -> bytes:
    """The page as PDF. Raises PdfUnavailable when WeasyPrint cannot be loaded."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(str(error)) from error

    class OwnAssets(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = urlsplit(url).path
            name = path.removeprefix("/static/")
            asset = assets.by_hashed.get(name) or assets.by_path.get(name)
            if not url.startswith(BASE_URL) or asset is None:
                raise ValueError(f"not fetched: {url}")
            return weasyprint.urls.URLFetcherResponse(
                url, body=asset.body, headers={"Content-Type": asset.media_type}
            )

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=OwnAssets())
    pdf: bytes = document.write_pdf()
    return pdf
