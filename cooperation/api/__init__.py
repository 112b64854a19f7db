"""The JSON API's shared parts (errors, paging, formats, access) and floor 1's collections."""
