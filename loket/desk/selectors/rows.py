"""Several lists of rows in one query: each list an array of JSON objects beside one row.

The candidate file shows a dozen short lists (contacts, notes, proposals, documents, ...), each
a query of its own when loaded one by one. ``ListsQuery`` reads them as arrays in a single
SELECT and turns every element back into a model instance, with the related rows a
``select_related`` would have joined (a related row that is NULL becomes None). Building that
SELECT through the ORM costs more than running it (a dozen subqueries to resolve and compile),
so it is compiled once per process and then only run, for one row after another."""

import functools
import json
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, QuerySet
from django.db.models.functions import JSONObject

# The outer row's id while compiling: a value no real id has, replaced by the real one per run.
_PLACEHOLDER_PK = -7_319_452_001


@dataclass(frozen=True)
class Rows:
    """One list: ``queryset`` (filtered by ``OuterRef`` on the outer row, ordered, sliced if
    needed) and the related rows to bring along, nested like ``{"proposal": {"school": {}}}``."""

    queryset: QuerySet
    related: dict = field(default_factory=dict)


def _json(model: type[Model], prefix: str, related: dict) -> JSONObject:
    pairs = {f.attname: f"{prefix}{f.attname}" for f in model._meta.concrete_fields}
    for name, nested in related.items():
        target = model._meta.get_field(name).related_model
        pairs[name] = _json(target, f"{prefix}{name}__", nested)
    return JSONObject(**pairs)


def _instance(model: type[Model], data: dict, related: dict) -> Model | None:
    fields = model._meta.concrete_fields
    if data.get(model._meta.pk.attname) is None:
        return None  # a NULL foreign key: no related row
    values = [f.to_python(data[f.attname]) for f in fields]
    instance = model.from_db(DEFAULT_DB_ALIAS, [f.attname for f in fields], values)
    for name, nested in related.items():
        target = model._meta.get_field(name).related_model
        setattr(instance, name, _instance(target, data[name], nested))
    return instance


class ListsQuery:
    """The lists ``lists`` (by name) for one row of ``model``, in one query: ``of(pk)``."""

    def __init__(self, model: type[Model], **lists: Rows):
        self.model = model
        self.lists = lists

    @functools.cached_property
    def _compiled(self) -> tuple[str, list, list[int]]:
        annotations = {
            f"list_{name}": ArraySubquery(
                rows.queryset.values(row=_json(rows.queryset.model, "", rows.related))
            )
            for name, rows in self.lists.items()
        }
        query = self.model._default_manager.filter(pk=_PLACEHOLDER_PK).values(**annotations)
        sql, params = query.query.sql_with_params()
        places = [index for index, value in enumerate(params) if value == _PLACEHOLDER_PK]
        if len(places) != 1:
            raise ValueError("the outer row's id must be a parameter of its own")
        return sql, list(params), places

    def of(self, pk: int) -> dict[str, list]:
        sql, params, places = self._compiled
        params = params[:]
        for index in places:
            params[index] = pk
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            found = cursor.fetchone()
        if found is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} {pk}")
        arrays = dict(zip(names, found, strict=True))
        return {
            name: [
                _instance(rows.queryset.model, _loaded(row), rows.related)
                for row in arrays[f"list_{name}"] or []
            ]
            for name, rows in self.lists.items()
        }


def _loaded(row) -> dict:
    """A JSON object as the database driver hands it over (Django leaves jsonb as text)."""
    return json.loads(row) if isinstance(row, str | bytes) else row
