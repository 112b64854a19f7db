"""The statements a list's total takes besides its count (cooperation/core/paging.py), for the tests
that hold a list to a fixed number of queries."""

from django.db import connection

# On PostgreSQL a total is counted under a time limit: the limit is set before the count and reset
# after it, and inside a transaction (as every test is) the count has a savepoint and its release.
TOTAL_LIMIT_QUERIES = 4 if connection.vendor == "postgresql" else 0
