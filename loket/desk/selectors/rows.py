"""Several lists of rows in one query: each list an array of JSON objects beside one row.

The candidate file shows a dozen short lists (contacts, notes, proposals, documents, ...), each
a query of its own when loaded one by one. ``rows_in_one_query`` reads them as arrays in a
single SELECT and turns every element back into a model instance, with the related rows a
``select_related`` would have joined (a related row that is NULL becomes None)."""

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet
from django.db.models.functions import JSONObject


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


def rows_in_one_query(outer: QuerySet, **lists: Rows) -> dict[str, list]:
    """The lists for the single row of ``outer``, by name, as model instances."""
    annotations = {
        f"list_{name}": ArraySubquery(
            rows.queryset.values(row=_json(rows.queryset.model, "", rows.related))
        )
        for name, rows in lists.items()
    }
    found = outer.values(**annotations).get()
    return {
        name: [
            _instance(rows.queryset.model, row, rows.related) for row in found[f"list_{name}"] or []
        ]
        for name, rows in lists.items()
    }
