import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/admin/login/", 200), ("/static/css/site.css", 200), ("/no-such-page/", 404)],
)
def test_every_response_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_unknown_host_header_is_refused(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
