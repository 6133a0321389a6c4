"""The render room: a :class:`~province40.validation.report.Report` as a document.

One module per format: :mod:`.json` (the ``province40-validation-report/1`` document), :mod:`.csv`
(findings, the coverage matrix), :mod:`.graph` (the SHACL report graph as Turtle or JSON-LD),
:mod:`.html` (the self-contained report, with :mod:`.heatmap`'s SVG and :mod:`.thai_calendar`'s
B.E. dates, from the Jinja2 templates in ``templates/`` loaded by :mod:`.templating`). Renderers
only read a report; nothing here validates or reads a store.
"""
