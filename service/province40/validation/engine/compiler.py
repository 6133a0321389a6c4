"""The shapes compiled to SPARQL: one SELECT per constraint, returning the focus nodes (and values)
that violate it, for all focus nodes at once.

How other engines do it, and what is taken from them: TopQuadrant's SHACL and Jena's SHACL evaluate
each constraint per focus node (SHACL-SPARQL constraints run once per focus node with ``$this``
pre-bound), which is faithful but issues one query per node; rudof compiles shapes to its own
in-memory checks. Here each constraint becomes *one* query over every focus node, so the store's
query engine does the joins: the target is a sub-select that binds ``?this`` and the constraint is
the pattern around it. Anti-joins are written with ``MINUS`` (evaluated once, as a hash anti-join)
rather than ``FILTER NOT EXISTS`` per row.

SHACL-SPARQL constraints (``sh:select``) are pre-bound the same way: the target is joined into the
top-level group of the query and into each top-level ``UNION`` branch, so every ``FILTER`` and
``EXISTS`` there sees ``$this`` bound, as pre-binding does (SHACL §5.3.1). A query this rewrite
cannot keep equivalent (``MINUS``, sub-selects, ``GRAPH``, ``BIND``/``VALUES`` of ``$this``,
``LIMIT``, ``$shapesGraph``...) is not compiled.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; every SHACL path form; the components
``minCount``, ``maxCount``, ``class``, ``datatype``, ``nodeKind``, ``in``, ``hasValue``, ``pattern``
(with ``flags``), ``languageIn``, ``uniqueLang``, ``min/maxInclusive``, ``min/maxExclusive``,
``min/maxLength``, ``equals``, ``disjoint``, ``lessThan``, ``lessThanOrEquals``, ``or`` (of shapes
made of ``sh:class``), ``qualifiedValueShape`` + ``qualifiedMinCount`` (a shape of ``sh:class`` and
``sh:property`` with ``minCount 1``), and ``sh:sparql``. Anything else makes the shape
*unsupported*: the compiled engine hands it to pySHACL and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from province40.validation.paths import path_sparql
from province40.validation.report import Severity

_TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_IGNORED = {
    RDF.type, SH.message, SH.severity, SH.path, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
    SH.defaultValue, *_TARGETS,
}
"""Predicates on a shape that are not constraints (other namespaces are annotations)."""

_CASTS = {str(t) for t in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime)}
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isIRI(?value) || isBlank(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
_RANGES = {
    SH.minInclusive: (">=", "MinInclusive"),
    SH.maxInclusive: ("<=", "MaxInclusive"),
    SH.minExclusive: (">", "MinExclusive"),
    SH.maxExclusive: ("<", "MaxExclusive"),
}


class Unsupported(Exception):
    """A construct the compiler does not translate; the message says which."""


@dataclass(frozen=True, kw_only=True)
class CompiledQuery:
    """One constraint of one shape as a SPARQL SELECT of ``?this`` (and ``?value`` when it has one)."""

    shape: str
    component: str
    severity: Severity
    path: Node | None
    """The shape's sh:path (rdflib node in the shapes graph), for the report."""
    query: str
    reads: frozenset[str] | None
    """IRIs the query mentions (predicates and classes); None when it reads any predicate."""
    messages: tuple[Literal, ...] = ()
    value_is_focus: bool = False
    """A node shape's SPARQL constraint that binds no ?value: the value node is the focus node."""


@dataclass(frozen=True, kw_only=True)
class Compilation:
    """Every shape with a target, compiled or not (and why not)."""

    queries: tuple[CompiledQuery, ...]
    compiled: frozenset[str]
    unsupported: Mapping[str, str]
    """Shape IRI → what the compiler does not support in it."""


def _term(node: Node) -> str:
    """A SPARQL term for an rdflib node of the shapes graph."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return str(node.n3())
    raise Unsupported(f"a blank node ({node}) where a constant is expected")


def _iri(node: Node | None, what: str) -> str:
    if not isinstance(node, URIRef):
        raise Unsupported(f"{what} is not an IRI")
    return str(node)


def _list(graph: Graph, node: Node) -> list[Node]:
    return list(Collection(graph, node))


def _one(graph: Graph, shape: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(shape, predicate))
    if len(values) != 1:
        raise Unsupported(f"{len(values)} values of {predicate}")
    return values[0]


def target_pattern(graph: Graph, shape: Node) -> str | None:
    """A sub-select binding ``?this`` to each focus node of ``shape`` (None: the shape has no target)."""
    branches: list[str] = []
    for cls in graph.objects(shape, SH.targetClass):
        branches.append(f"{{ ?this {_TYPE_PATH} {_term(cls)} }}")
    for node in graph.objects(shape, SH.targetNode):
        branches.append(f"{{ VALUES ?this {{ {_term(node)} }} }}")
    for predicate in graph.objects(shape, SH.targetSubjectsOf):
        branches.append(f"{{ ?this {_term(predicate)} ?targetObject }}")
    for predicate in graph.objects(shape, SH.targetObjectsOf):
        branches.append(f"{{ ?targetSubject {_term(predicate)} ?this }}")
    if (shape, SH.target, None) in graph:
        raise Unsupported("a SPARQL-based target (sh:target)")
    if not branches:
        return None
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"


# ------------------------------------------------------------------ SHACL Core


class _Shape:
    """Compiles the constraints of one shape with a target."""

    def __init__(self, graph: Graph, shape: URIRef, target: str) -> None:
        self.graph = graph
        self.shape = shape
        self.target = target
        path = graph.value(shape, SH.path)
        self.path_node = path
        self.path = path_sparql(graph, path) if path is not None else None
        severity = graph.value(shape, SH.severity)
        self.severity = Severity.from_iri(str(severity)) if severity is not None else Severity.VIOLATION
        self.messages = tuple(m for m in graph.objects(shape, SH.message) if isinstance(m, Literal))
        self.queries: list[CompiledQuery] = []

    # the value nodes of the focus node: along the path, or the focus node itself
    @property
    def values(self) -> str:
        if self.path is None:
            return "BIND (?this AS ?value)"
        return f"?this {self.path} ?value ."

    def add(self, component: str, where: str, *, with_value: bool = True, group: str = "") -> None:
        """A query selecting (?this, ?value) — or ?this alone — where ``where`` holds for a focus node.

        ``group`` is a GROUP BY / HAVING tail (counts), after the WHERE clause."""
        select = "SELECT DISTINCT ?this ?value" if with_value else "SELECT ?this"
        self._add(component, f"{select} WHERE {{ {self.target} {where} }} {group}".rstrip())

    def _add(self, component: str, query: str) -> None:
        self.queries.append(
            CompiledQuery(
                shape=str(self.shape),
                component=str(SH[component + "ConstraintComponent"]),
                severity=self.severity,
                path=self.path_node,
                query=query,
                reads=_iris(query),
                messages=self.messages,
            )
        )

    def value_filter(self, component: str, condition: str) -> None:
        """A result for each value node for which ``condition`` (an expression on ?value) is not true."""
        self.add(component, f"{self.values} FILTER (!COALESCE({condition}, false))")

    def compile(self) -> list[CompiledQuery]:
        graph, shape = self.graph, self.shape
        if str(graph.value(shape, SH.deactivated)) == "true":
            return []
        handled: set[Node] = set()
        for predicate in sorted(set(graph.predicates(shape, None)), key=str):
            if predicate in _IGNORED or not str(predicate).startswith(str(SH)):
                continue
            if predicate in handled or not isinstance(predicate, URIRef):
                continue
            handled |= self.constraint(predicate)
        return self.queries

    def constraint(self, predicate: URIRef) -> set[Node]:
        graph, shape = self.graph, self.shape
        value = _one(graph, shape, predicate) if predicate not in (SH.sparql, SH.property) else None
        if predicate == SH.minCount:
            self._min_count(int(str(value)))
        elif predicate == SH.maxCount:
            self._require_path("sh:maxCount")
            self.add("MaxCount", self.values, with_value=False,
                     group=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(str(value))})")
        elif predicate == SH["class"]:
            self.add("Class", f"{self.values} MINUS {{ ?value {_TYPE_PATH} {_term(value)} }}")  # type: ignore[arg-type]
        elif predicate == SH.datatype:
            datatype = _iri(value, "sh:datatype")
            check = f"isLiteral(?value) && DATATYPE(?value) = <{datatype}>"
            if datatype in _CASTS:
                check += f" && isLiteral(<{datatype}>(STR(?value)))"
            self.value_filter("Datatype", check)
        elif predicate == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            self.value_filter("NodeKind", _NODE_KINDS[value])  # type: ignore[index]
        elif predicate == SH["in"]:
            members = [_term(m) for m in _list(graph, value)]  # type: ignore[arg-type]
            self.value_filter("In", " || ".join(f"sameTerm(?value, {m})" for m in members) or "false")
        elif predicate == SH.hasValue:
            if self.path is None:
                self.add("HasValue", f"FILTER (!sameTerm(?this, {_term(value)}))", with_value=False)  # type: ignore[arg-type]
            else:
                self.add("HasValue", f"MINUS {{ ?this {self.path} {_term(value)} }}", with_value=False)  # type: ignore[arg-type]
        elif predicate in (SH.pattern, SH.flags):
            self._pattern()
            return {SH.pattern, SH.flags}
        elif predicate == SH.languageIn:
            tags = [str(t) for t in _list(graph, value)]  # type: ignore[arg-type]
            ranges = " || ".join(f'langMatches(LANG(?value), "{t}")' for t in tags) or "false"
            self.value_filter("LanguageIn", f"isLiteral(?value) && ({ranges})")
        elif predicate == SH.uniqueLang:
            if str(value) == "true":
                self._require_path("sh:uniqueLang")
                # one result per language two values share: counted per (node, language), not by
                # pairing every two values of a node (pyoxigraph joined those pairs first)
                self.add("UniqueLang",
                         f"?this {self.path} ?value . FILTER (isLiteral(?value) && LANG(?value) != \"\") "
                         "BIND (LANG(?value) AS ?lang)",
                         with_value=False, group="GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)")
        elif predicate in _RANGES:
            operator, name = _RANGES[predicate]
            self.value_filter(name, f"?value {operator} {_term(value)}")  # type: ignore[arg-type]
        elif predicate in (SH.minLength, SH.maxLength):
            operator = ">=" if predicate == SH.minLength else "<="
            name = "MinLength" if predicate == SH.minLength else "MaxLength"
            self.value_filter(name, f"!isBlank(?value) && STRLEN(STR(?value)) {operator} {int(str(value))}")
        elif predicate in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            self._pair(predicate, _iri(value, str(predicate)))
        elif predicate == SH["or"]:
            self._or(value)  # type: ignore[arg-type]
        elif predicate in (SH.qualifiedValueShape, SH.qualifiedMinCount):
            self._qualified()
            return {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedValueShapesDisjoint}
        elif predicate == SH.sparql:
            for constraint in graph.objects(shape, SH.sparql):
                self._sparql(constraint)
        else:
            raise Unsupported(f"the constraint parameter {predicate}")
        return {predicate}

    def _require_path(self, what: str) -> None:
        if self.path is None:
            raise Unsupported(f"{what} on a node shape")

    def _min_count(self, count: int) -> None:
        if count < 1:
            return
        if self.path is None:
            raise Unsupported("sh:minCount on a node shape")
        if count == 1:
            self.add("MinCount", f"MINUS {{ ?this {self.path} ?value }}", with_value=False)
        else:
            self.add("MinCount", f"OPTIONAL {{ ?this {self.path} ?value }}", with_value=False,
                     group=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {count})")

    def _pattern(self) -> None:
        pattern = self.graph.value(self.shape, SH.pattern)
        flags = self.graph.value(self.shape, SH.flags)
        arguments = _term(Literal(str(pattern)))
        if flags is not None:
            arguments += ", " + _term(Literal(str(flags)))
        self.value_filter("Pattern", f"!isBlank(?value) && REGEX(STR(?value), {arguments})")

    def _pair(self, predicate: Node, other: str) -> None:
        if predicate == SH.equals:
            self._require_path("sh:equals")
            where = (f"{{ {self.values} MINUS {{ ?this <{other}> ?value }} }} UNION "
                     f"{{ ?this <{other}> ?value . MINUS {{ {self.values} }} }}")
            self.add("Equals", where)
        elif predicate == SH.disjoint:
            self.add("Disjoint", f"{self.values} ?this <{other}> ?value .")
        else:
            operator, name = ("<", "LessThan") if predicate == SH.lessThan else ("<=", "LessThanOrEquals")
            self.add(name, f"{self.values} ?this <{other}> ?other . "
                     f"FILTER (!COALESCE(?value {operator} ?other, false))")

    def _class_only(self, member: Node, what: str) -> list[str]:
        """The classes of a shape that has nothing but sh:class constraints."""
        predicates = {p for p in self.graph.predicates(member, None) if p != RDF.type}
        if predicates != {SH["class"]}:
            raise Unsupported(f"{what} with constraints other than sh:class")
        return [_term(c) for c in self.graph.objects(member, SH["class"])]

    def _or(self, members: Node) -> None:
        branches = []
        for member in _list(self.graph, members):
            classes = self._class_only(member, "an sh:or member")
            branches.append("{ " + " ".join(f"?value {_TYPE_PATH} {c} ." for c in classes) + " }")
        self.add("Or", f"{self.values} MINUS {{ {' UNION '.join(branches)} }}")

    def _qualified(self) -> None:
        graph, shape = self.graph, self.shape
        if self.path is None:
            raise Unsupported("a qualified value shape on a node shape")
        if (shape, SH.qualifiedMaxCount, None) in graph:
            raise Unsupported("sh:qualifiedMaxCount")
        if str(graph.value(shape, SH.qualifiedValueShapesDisjoint)) == "true":
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        qualified = _one(graph, shape, SH.qualifiedValueShape)
        count = int(str(_one(graph, shape, SH.qualifiedMinCount)))
        patterns = []
        for predicate, value in graph.predicate_objects(qualified):
            if predicate == RDF.type:
                continue
            if predicate == SH["class"]:
                patterns.append(f"?value {_TYPE_PATH} {_term(value)} .")
            elif predicate == SH.property:
                patterns.append(self._at_least_one(value))
            else:
                raise Unsupported(f"a qualified value shape with {predicate}")
        conforming = f"?this {self.path} ?value . " + " ".join(patterns)
        if count <= 1:
            self.add("QualifiedMinCount", f"MINUS {{ {conforming} }}", with_value=False)
        else:
            self.add("QualifiedMinCount", f"OPTIONAL {{ {conforming} }}", with_value=False,
                     group=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {count})")

    def _at_least_one(self, property_shape: Node) -> str:
        """A pattern true of ?value when it conforms to a property shape that only has minCount 1."""
        predicates = {p for p in self.graph.predicates(property_shape, None) if p != RDF.type}
        if predicates != {SH.path, SH.minCount} or str(self.graph.value(property_shape, SH.minCount)) != "1":
            raise Unsupported("a nested property shape other than sh:path + sh:minCount 1")
        path = path_sparql(self.graph, self.graph.value(property_shape, SH.path))  # type: ignore[arg-type]
        return f"?value {path} ?anyValue{len(self.queries)} ."

    # -------------------------------------------------------------- SHACL-SPARQL

    def _sparql(self, constraint: Node) -> None:
        graph = self.graph
        if str(graph.value(constraint, SH.deactivated)) == "true":
            return
        select = graph.value(constraint, SH.select)
        if select is None:
            raise Unsupported("an sh:sparql constraint without sh:select")
        declared = dict(_declared_prefixes(graph, constraint))
        prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in declared.items())
        text = str(select)
        if self.path is not None:
            text = text.replace("$PATH", self.path)
        elif "$PATH" in text:
            raise Unsupported("$PATH in a node shape's constraint")
        query = prebind(text, self.target)
        messages = tuple(m for m in graph.objects(constraint, SH.message) if isinstance(m, Literal))
        where = query.split("WHERE", 1)[-1]
        variable_predicate = _VARIABLE_PREDICATE.search(where) is not None or _VARIABLE_CLASS.search(where) is not None
        self.queries.append(
            CompiledQuery(
                shape=str(self.shape),
                component=str(SH.SPARQLConstraintComponent),
                severity=self.severity,
                path=self.path_node,
                query=prologue + query,
                reads=None if variable_predicate else _iris(query) | _prefixed(query, declared),
                messages=messages or self.messages,
                value_is_focus=self.path is None,
            )
        )


_VARIABLE_PREDICATE = re.compile(r"[?$]\w+\s+[?$]\w+\s+[?$<\w\"]")
_VARIABLE_CLASS = re.compile(r"(\sa|rdf:type|22-rdf-syntax-ns#type>)\s+[?$]")
_UNSUPPORTED_SPARQL = re.compile(
    r"\b(MINUS|GRAPH|SERVICE|LIMIT|OFFSET|GROUP\s+BY|HAVING|VALUES|BIND|COUNT|SUM|MIN|MAX|AVG|SAMPLE)\b|\$shapesGraph"
    r"|\$currentShape|\$value",
    re.IGNORECASE,
)


def _iris(query: str) -> frozenset[str]:
    """The IRIs written in full in a query."""
    return frozenset(re.findall(r"<([^<>\s]+)>", query))


def _prefixed(query: str, declared: Mapping[str, str]) -> frozenset[str]:
    """The IRIs a query writes as prefixed names (``a`` counts as rdf:type)."""
    names = re.findall(r"\b([a-z][\w-]*):([A-Za-z_][\w-]*)", query)
    found = {declared[prefix] + local for prefix, local in names if prefix in declared}
    if re.search(r"\sa\s", query):
        found.add(str(RDF.type))
    return frozenset(found)


def _declared_prefixes(graph: Graph, constraint: Node) -> Iterable[tuple[str, str]]:
    for source in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(source, SH.declare):
            yield str(graph.value(declaration, SH.prefix)), str(graph.value(declaration, SH.namespace))


def _braces(text: str, start: int) -> int:
    """The index just past the ``}`` closing the ``{`` at ``start`` (strings and IRIs skipped)."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char in "\"'":
            end = text.find(char, index + 1)
            while end != -1 and text[end - 1] == "\\":
                end = text.find(char, end + 1)
            if end == -1:
                raise Unsupported("an unterminated string in a SPARQL constraint")
            index = end
        elif char == "<" and re.match(r"<[^<>\s\"{}|^`]*>", text[index:]):
            index = text.index(">", index)
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise Unsupported("unbalanced braces in a SPARQL constraint")


def prebind(select: str, target: str) -> str:
    """A SHACL-SPARQL ``SELECT`` rewritten to run for every focus node at once.

    ``$this`` becomes ``?this``, bound by ``target`` at the start of the WHERE group, or of each
    branch when the group is a ``UNION`` of groups, so every FILTER and EXISTS in the query sees it
    bound (pre-binding, SHACL §5.3.1).
    """
    if _UNSUPPORTED_SPARQL.search(select):
        raise Unsupported(f"a SPARQL constraint using {_UNSUPPORTED_SPARQL.search(select).group(0)}")  # type: ignore[union-attr]
    text = select.replace("$this", "?this")
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if match is None or not re.match(r"\s*SELECT\s+(DISTINCT\s+)?\?this\b", text, re.IGNORECASE):
        raise Unsupported("a SPARQL constraint that does not SELECT $this ... WHERE { }")
    open_at = match.end() - 1
    close_at = _braces(text, open_at)
    if text[close_at:].strip():
        raise Unsupported("solution modifiers after the WHERE clause")
    body = text[open_at + 1 : close_at - 1]
    branches = _union_branches(body)
    if branches is None:
        new_body = f"{target} {anti_joins(body)}"
    else:
        new_body = " UNION ".join("{ " + target + " " + anti_joins(branch) + " }" for branch in branches)
    if re.search(r"\bSELECT\b", body, re.IGNORECASE):
        raise Unsupported("a sub-select in a SPARQL constraint")
    return text[:open_at] + "{ " + new_body + " }"


_NOT_EXISTS = re.compile(r"FILTER\s*\(?\s*NOT\s+EXISTS\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](\w+)")
_NOT_PLAIN = re.compile(r"[{}]|\b(FILTER|OPTIONAL|BIND|VALUES|GRAPH|SERVICE|MINUS|UNION)\b", re.IGNORECASE)


def anti_joins(group: str) -> str:
    """``FILTER NOT EXISTS { P }`` at the top of a group, rewritten as ``MINUS { P }`` at its end when
    the two mean the same: ``P`` is a plain basic graph pattern that shares a variable with the
    rest of the group (which binds ``?this`` for every row). pyoxigraph evaluates such an EXISTS
    once per row without the row's bindings, a cost of rows × matches; MINUS is one anti-join."""
    minus: list[str] = []
    kept = group
    while True:
        match = next((m for m in _NOT_EXISTS.finditer(kept) if _depth(kept, m.start()) == 0), None)
        if match is None:
            break
        open_at = match.end() - 1
        close_at = _braces(kept, open_at)
        inner = kept[open_at + 1 : close_at - 1]
        end = close_at
        if match.group(0).rstrip("{").rstrip().endswith("("):
            paren = re.match(r"\s*\)", kept[close_at:])
            if paren is None:
                break
            end = close_at + paren.end()
        rest = kept[: match.start()] + kept[end:]
        bound = set(_VARIABLE.findall(rest)) | {"this"}  # the target binds ?this in every group
        if _NOT_PLAIN.search(inner) or not (set(_VARIABLE.findall(inner)) & bound):
            break  # not a plain pattern sharing a variable: left as it is
        minus.append(inner)
        kept = rest
    return kept + "".join(f" MINUS {{ {inner} }}" for inner in minus)


def _depth(text: str, position: int) -> int:
    """How many braces are open at ``position`` (strings and IRIs are not scanned: the shapes'
    patterns keep braces out of them)."""
    return text.count("{", 0, position) - text.count("}", 0, position)


def _union_branches(body: str) -> list[str] | None:
    """The inner text of each group when ``body`` is ``{...} UNION {...} ...``, else None."""
    branches: list[str] = []
    index = 0
    stripped = body.strip()
    if not stripped.startswith("{"):
        return None
    text = stripped
    while True:
        if text[index] != "{":
            return None
        end = _braces(text, index)
        branches.append(text[index + 1 : end - 1])
        rest = text[end:]
        follow = re.match(r"\s*UNION\s*", rest, re.IGNORECASE)
        if follow is None:
            return branches if not rest.strip() and len(branches) > 1 else None
        index = end + follow.end()


# ------------------------------------------------------------------ whole graphs


def compile_shapes(graph: Graph) -> Compilation:
    """Compile every shape of ``graph`` that has a target (and an IRI)."""
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    shapes |= {s for t in _TARGETS for s in graph.subjects(t, None)}
    queries: list[CompiledQuery] = []
    compiled: set[str] = set()
    unsupported: dict[str, str] = {}
    for shape in sorted(shapes, key=str):
        if isinstance(shape, BNode):
            if any((shape, t, None) in graph for t in _TARGETS):
                unsupported[str(shape)] = "a blank-node shape with a target"
            continue
        if not isinstance(shape, URIRef):
            continue
        try:
            target = target_pattern(graph, shape)
            if target is None:
                continue
            if (shape, SH.property, None) in graph or (shape, SH.node, None) in graph:
                raise Unsupported("nested shapes (sh:property / sh:node) on a targeted shape")
            found = _Shape(graph, shape, target).compile()
        except Unsupported as reason:
            unsupported[str(shape)] = str(reason)
            continue
        queries.extend(found)
        compiled.add(str(shape))
    return Compilation(
        queries=tuple(queries), compiled=frozenset(compiled), unsupported=MappingProxyType(unsupported)
    )
