"""Thai-aware search over projects and strategic issues, kept in step with the store.

* :mod:`province40.text.segment` cuts Thai and English text into words;
* :mod:`province40.search.documents` reads the searchable items from the store;
* :mod:`province40.search.index` keeps them (SQLite for the documents and their words, tantivy in
  memory for the search) and ranks them with BM25;
* :mod:`province40.search.sync` (this package's :func:`refresh_index`) brings the index in step with the
  store: ``province40 build`` writes it, the service checks it at start-up and after every write.
"""

from province40.search.documents import SearchDocument
from province40.search.index import Hit, SearchIndex, SearchResult
from province40.search.sync import index_path, refresh_index

__all__ = ["Hit", "SearchDocument", "SearchIndex", "SearchResult", "index_path", "refresh_index"]
