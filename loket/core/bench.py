"""Counting for the national benchmark (``benchmarks/national.py run``), off unless asked.

With ``LOKET_BENCH=true`` the settings put ``QueryCountMiddleware`` first: every response says
in ``X-Queries`` how many SQL statements it took, so the load generator can report queries per
request as the server counted them. Never on in production.
"""

from django.db import connection
from django.http import HttpResponse


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def floor(request):
    """The trivial view the benchmark times beside each page: what the server costs at least."""
    return HttpResponse(b"ok", content_type="text/plain")
