"""Page weight: what a visitor's browser transfers for each page type, against the budget.

Builds a throwaway SQLite database with the seed data, collects the static files as production
does (hashed names, compressed by WhiteNoise), renders each page, and adds up the page itself and
every file it loads: style sheets, scripts, icons, images, and the map outline its script fetches.
Static files count at their compressed size (WhiteNoise serves the .br or .gz to browsers that
accept it); the HTML counts uncompressed, as the app sends it, and gzipped, as behind a
compressing proxy. Exits non-zero when the home page is over its budget.

    make bench          (or: .venv/bin/python bench/page_weight.py)
"""

import gzip
import io
import os
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME_BUDGET = 150 * 1024

PAGES = {
    "home": "/",
    "events list": "/events/",
    "event page (with map)": "/events/opening-ceremony-icesco-regional-office-baku/",
    "timeline": "/timeline/",
    "person page": "/people/salim-almalik/",
    "organisation page": "/organisations/icesco/",
    "initiative page": "/initiatives/icesco-regional-office-baku/",
    "source page": "/sources/azernews-2025-04-29-icesco-regional-office-azerbaijan/",
    "place page (with map)": "/places/baku/",
    "search": "/search/?q=AlMalik",
    "home in Arabic": "/ar/",
}


class Assets(HTMLParser):
    """The addresses of the files a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif attrs.get("data-outline"):
            self.urls.append(attrs["data-outline"])


def transferred_size(static_root, url):
    """The bytes WhiteNoise sends for a static URL to a browser accepting brotli and gzip."""
    path = static_root / url.removeprefix("/static/")
    for suffix in (".br", ".gz", ""):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            return candidate.stat().st_size
    raise FileNotFoundError(path)


def main():
    work = Path(tempfile.mkdtemp(prefix="page-weight-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    sys.path.insert(0, str(ROOT))

    import django
    from django.conf import settings

    django.setup()
    settings.STATIC_ROOT = work / "static"
    from django.core.management import call_command
    from django.test import Client, override_settings

    call_command("migrate", verbosity=0)
    call_command("seed", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)

    client = Client()
    rows, over = [], []
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        for name, url in PAGES.items():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: status {response.status_code}")
            html = response.content
            parser = Assets()
            parser.feed(html.decode())
            assets = sum(transferred_size(settings.STATIC_ROOT, asset) for asset in dict.fromkeys(parser.urls))
            total, total_gzip = len(html) + assets, len(gzip.compress(html)) + assets
            rows.append((name, len(html), len(gzip.compress(html)), len(parser.urls), assets, total, total_gzip))
            if url == "/" and total > HOME_BUDGET:
                over.append(name)

    print(f"{'page':<26}{'HTML':>9}{'HTML gz':>9}{'files':>7}{'files KB':>10}{'total':>9}{'total gz':>10}")
    for name, html, html_gz, count, assets, total, total_gz in rows:
        print(
            f"{name:<26}{html / 1024:>8.1f}K{html_gz / 1024:>8.1f}K{count:>7}{assets / 1024:>9.1f}K"
            f"{total / 1024:>8.1f}K{total_gz / 1024:>9.1f}K"
        )
    home_total = rows[0][5]
    verdict = "over" if over else "within"
    print(f"\nhome page: {home_total / 1024:.1f} KB transferred, {verdict} the {HOME_BUDGET // 1024} KB budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
