"""Locust users for ``national.py run``: one page group at a time, interleaved with the floor.

The plan (``BENCH_PLAN``, a JSON file written by ``national_run.py``) lists the requests of the
group: a name, a path, the session cookie of the person asking (or none) and extra headers. Each
user alternates one request of the group with one of the floor view (a plan marked ``alone``
is the floor on its own). The server's query count (``X-Queries``) is collected per name and
written to ``BENCH_QUERIES`` when the run stops.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
QUERIES: dict[str, list[int]] = {}


@events.request.add_listener
def count_queries(name, response, exception, **_kwargs):
    if response is not None and exception is None:
        value = response.headers.get("X-Queries")
        if value is not None:
            QUERIES.setdefault(name, []).append(int(value))


@events.quitting.add_listener
def write_queries(**_kwargs):
    with open(os.environ["BENCH_QUERIES"], "w") as out:
        json.dump(QUERIES, out)


class Visitor(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        requests = PLAN["requests"][:]
        random.shuffle(requests)
        self.requests = itertools.cycle(requests)

    @task
    def page_then_floor(self):
        item = next(self.requests)
        headers = dict(item.get("headers", {}))
        if item.get("session"):
            headers["Cookie"] = f"sessionid={item['session']}"
        # Each request speaks only for the person of its plan item: nothing carried over.
        self.client.cookiejar.clear()
        with self.client.get(
            item["path"],
            name=item["name"],
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {item['path']}")
        if not PLAN.get("alone"):
            self.client.get("/bench/floor/", name="floor")
