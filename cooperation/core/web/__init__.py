"""Web plumbing: middleware, error pages, context processors, list pages, JSON-LD and template tags."""
