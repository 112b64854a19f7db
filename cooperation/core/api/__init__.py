"""The API framework: fields, paging, problems, renderers, negotiation, authentication, throttling, schema, docs."""
