"""schema.org JSON-LD for pages: one way to write it into a <script type="application/ld+json">."""

import json

# Escaped like Django's json_script, so that no text in a record can close the script element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
