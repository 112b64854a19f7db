"""Write every public page and API answer of a database to a folder, to compare two versions of the
code byte for byte (a refactoring must leave them unchanged).

    cp db.sqlite3 /tmp/before.sqlite3                          # the same rows for both runs
    DATABASE_URL=sqlite:////tmp/before.sqlite3 API_ANONYMOUS_RATE=100000/minute \\
        .venv/bin/python tools/response_snapshot.py /tmp/snapshot-before
    ... change the code, copy the same database again, write /tmp/snapshot-after ...
    diff -r /tmp/snapshot-before /tmp/snapshot-after

Each file holds the address, the status, the headers (but the date, the CSP nonce, cookies and the
ETag) and the body. Pages in English and Arabic, lists in every language, every record's page and
API object, the lists as JSON and CSV, the calendar, feed, sitemap, robots.txt, schema and errors.
"""

import hashlib
import os
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from cooperation.core.registry import registry  # noqa: E402

LANGUAGES = ["", "/az", "/ar", "/ru"]
PAGES = [
    "/",
    "/events/",
    "/timeline/",
    "/people/",
    "/organisations/",
    "/initiatives/",
    "/places/",
    "/sources/",
    "/search/?q=baku",
    "/search/?q=almalik",
    "/events/?year=2025&kind=visit",
    "/events/?page=2",
]
FIXED = [
    "/robots.txt",
    "/sitemap.xml",
    "/events/feed.atom",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
    "/api/v1/events/?format=ics",
    "/nope/",
    "/api/v1/nope/",
    "/events/?year=abc",
    "/api/v1/events/?year=abc",
]
VARYING_HEADERS = {"date", "content-security-policy", "set-cookie", "etag"}


def addresses():
    urls = FIXED + [language + page for language in LANGUAGES for page in PAGES]
    for record_type in registry.page_types():
        prefix = f"/api/v1/{record_type.api_prefix}/"
        urls += [prefix, f"{prefix}?format=csv", f"{prefix}?q=baku", f"{prefix}?page_size=3&page=2"]
        for record in record_type.model.objects.order_by("pk"):
            urls += [f"{prefix}{record.slug}/", record.get_absolute_url(), f"/ar{record.get_absolute_url()}"]
    return urls


def main(folder):
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    client = Client()
    urls = addresses()
    for url in urls:
        response = client.get(url)
        body = re.sub(rb'nonce="[^"]*"', b'nonce=""', response.content)
        headers = "\n".join(
            f"{name}: {value}"
            for name, value in sorted(response.headers.items())
            if name.lower() not in VARYING_HEADERS
        )
        name = hashlib.sha256(url.encode()).hexdigest()[:16]
        (out / name).write_bytes(f"{url}\n{response.status_code}\n{headers}\n\n".encode() + body)
    print(f"{len(urls)} answers written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
