"""Read a stored question's request parameters: check each against its declared pattern and turn it
into the RDF term that binds its variable. The value is never pasted into SPARQL text.

Values are read as people type them: NFC, Thai digits as Arabic digits (``TH-๘๔`` is ``TH-84``).
A value that fails its pattern raises :class:`~province40.errors.InvalidParameterValue` (HTTP 422)
naming the parameter, the pattern and an example.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from province40.catalog import RESERVED_NAMES, Parameter, StoredQuery
from province40.errors import InvalidParameterValue
from province40.results import Term
from province40.sparql_binding import substitute
from province40.text.normalise import normalise_input

_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True, kw_only=True)
class BoundParameters:
    """The accepted parameter values (normalised) and the terms bound to their variables."""

    values: Mapping[str, str]
    bindings: Mapping[str, Term]


def _term(parameter: Parameter, value: str) -> Term | None:
    if parameter.type == "choice":
        return None if value == parameter.unbound else ox.Literal(value)
    if parameter.type == "integer":
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if parameter.type == "iri":
        assert parameter.iri_template is not None  # checked by the catalog
        return ox.NamedNode(parameter.iri_template.replace("{value}", value))
    return ox.Literal(value)


def check_value(parameter: Parameter, raw: str) -> str:
    """The normalised value, or InvalidParameterValue when it does not match the declared pattern."""
    value = normalise_input(raw)
    if len(value) > MAX_VALUE_LENGTH or not re.fullmatch(parameter.pattern, value):
        raise InvalidParameterValue(
            f"parameter '{parameter.name}' must match {parameter.pattern} (e.g. {parameter.example}); "
            f"got {raw[:60]!r}",
            parameter=parameter.name,
            pattern=parameter.pattern,
            example=parameter.example,
        )
    return value


def bind_parameters(question: StoredQuery, given: Sequence[tuple[str, str]]) -> BoundParameters:
    """Check the request's parameters against the question's declarations and build the bindings.

    ``given`` is the query string as (name, value) pairs; the API's own names (format, limit, offset,
    lang) are skipped. An undeclared name, a repeated one or a missing required one is refused."""
    seen: dict[str, str] = {}
    for name, raw in given:
        if name in RESERVED_NAMES:
            continue
        parameter = question.parameter(name)
        if parameter is None:
            declared = ", ".join(p.name for p in question.parameters) or "none"
            raise InvalidParameterValue(
                f"'{question.slug}' has no parameter '{name[:40]}' (its parameters: {declared})",
                parameter=name[:40],
                pattern="|".join(p.name for p in question.parameters),
            )
        if name in seen:
            raise InvalidParameterValue(
                f"give parameter '{name}' once", parameter=name, pattern=parameter.pattern, example=parameter.example
            )
        seen[name] = raw
    values: dict[str, str] = {}
    bindings: dict[str, Term] = {}
    for parameter in question.parameters:
        raw_value = seen.get(parameter.name, parameter.default)
        if raw_value is None or (raw_value == "" and not parameter.required):
            if parameter.required:
                raise InvalidParameterValue(
                    f"parameter '{parameter.name}' is required: it must match {parameter.pattern} "
                    f"(e.g. {parameter.example})",
                    parameter=parameter.name,
                    pattern=parameter.pattern,
                    example=parameter.example,
                )
            continue
        value = check_value(parameter, raw_value)
        values[parameter.name] = value
        term = _term(parameter, value)
        if term is not None:
            bindings[parameter.variable] = term
    return BoundParameters(values=values, bindings=bindings)


def sparql_with_values(question: StoredQuery, bindings: Mapping[str, Term]) -> str:
    """The stored text with the bound parameters written in, for people to read and to run in the query
    page: the same meaning as the service's own run (:func:`province40.sparql_binding.substitute`, terms
    serialised by pyoxigraph and checked token by token); the service itself runs the stored text with
    its bindings, never this text."""
    return substitute(question.text, bindings)
