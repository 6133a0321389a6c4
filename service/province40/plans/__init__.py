"""Province plans as versions: import from spreadsheets, list versions, diff them, export them.

:mod:`~.model` is a plan's content independent of RDF and of spreadsheets; :mod:`~.parse` reads it
from a spreadsheet; :mod:`~.graph` writes it as the quads of one version and :mod:`~.snapshot` reads a
stored version back; :mod:`~.versions` lists a province's versions and where each is stored;
:mod:`~.importer` puts an import together (checks, validation, one atomic write); :mod:`~.diff` compares
two versions and their gap reports; :mod:`~.export` writes a version in the template's layout.
"""
