"""Requests as a partner sends them, and what the tests read of the answers."""

import json

PROBLEM = "application/problem+json"


def post(api, token, body, key="key-1", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token.key}"
    return api.post("/api/v1/events/", json.dumps(body), content_type="application/json", **headers)


def patch(api, token, record, body, etag=None, **headers):
    if etag is not None:
        headers["HTTP_IF_MATCH"] = etag
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token.key}"
    return api.patch(f"/api/v1/events/{record.uuid}/", json.dumps(body), content_type="application/json", **headers)


def etag_of(api, record, **headers):
    response = api.get(f"/api/v1/events/{record.uuid}/", **headers)
    assert response.status_code == 200
    return response["ETag"]


def errors_of(response):
    assert response["Content-Type"] == PROBLEM
    return {error["parameter"]: error["message"] for error in response.json()["errors"]}


def seminar(source, **fields):
    return {
        "title": "Seminar on heritage",
        "kind": "seminar",
        "start_date": "2025-05",
        "citations": [{"source": source.slug, "quote": "ICESCO and Azerbaijan held a seminar in Baku in May 2025."}],
        **fields,
    }
