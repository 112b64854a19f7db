from csp.decorators import csp_update


def docs_view(view):
    """The API's Swagger UI and Redoc pages, served from this site: scripts stay same-origin, but
    their stylesheets are injected inline and Redoc runs a worker from a blob."""
    return csp_update({"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(view)
