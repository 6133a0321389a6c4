"""Reading planners' spreadsheets (XLSX and CSV) and writing the import template, one concept per module.

:mod:`~.limits` refuses a file before anything costly is parsed (size, not a spreadsheet, zip bomb,
macros, external links); :mod:`~.reading` turns an XLSX (python-calamine) or a CSV (UTF-8, UTF-8 with a
BOM, or the Thai code page cp874 / TIS-620, told apart by content) into rows; :mod:`~.layout` is the
template's columns with their Thai and English headers (one source for the template, the reader and
the export); :mod:`~.headers` finds the header row and the plan block above it; :mod:`~.values` reads
Thai digits, B.E./C.E. years, Thai fiscal years and budgets; :mod:`~.concepts` maps labels and codes to
the graph's concepts with nearest-concept suggestions; :mod:`~.problems` collects every problem of a
file with its sheet, row, column and field in Thai and English; :mod:`~.template` writes the XLSX.
"""
