import csv
import io

from rest_framework.renderers import BaseRenderer


def _flatten(value, prefix, row):
    """One CSV row from a JSON object: nested objects as dotted columns, lists joined by "; "."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, row)
    elif isinstance(value, list):
        row[prefix] = "; ".join(_list_item_text(item) for item in value)
    else:
        row[prefix] = "" if value is None else value


def _list_item_text(item):
    if isinstance(item, dict):
        return str(item.get("name") or item.get("title") or item.get("quote") or item.get("id") or "")
    return str(item)


class CSVRenderer(BaseRenderer):
    """A list (or one record) as CSV, UTF-8, one row per record."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            records = data["results"]
        elif isinstance(data, list):
            records = data
        else:
            records = [data]
        rows = []
        for record in records:
            row = {}
            _flatten(record, "", row)
            rows.append(row)
        columns = list(dict.fromkeys(column for row in rows for column in row))
        # A related record that is null in one row and present in another gives "parent" and
        # "parent.id": keep the dotted columns only.
        columns = [c for c in columns if not any(other.startswith(f"{c}.") for other in columns)]
        output = io.StringIO()
        writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return output.getvalue().encode(self.charset)
