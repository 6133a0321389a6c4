"""Analyses of the Province 4.0 graph for researchers: SPARQL results as pandas DataFrames, graph views
as networkx graphs, the measures the notebooks use, exports for Gephi and Cytoscape, figures with
Thai labels. It never imports the web service: it reads the live endpoint (SPARQLWrapper), a local
pyoxigraph store, or a province40 store.

=====================  ========================================================================
module                 what
=====================  ========================================================================
``endpoint``           the endpoint's URL (``PROVINCE40_ENDPOINT``) and whether it answers
``frames``             ``select(query, source)``: results as a DataFrame with typed columns
``graphs``             node and edge attributes: labels, stated / curated, confidence, weight
``views``              the named views (``VIEWS``, ``build_view``): project–dimension, ...
``measures``           degree, centrality, similarity, communities, coverage matrices
``reports``            the service's JSON gap report as DataFrames
``export``             GraphML, GEXF and CSV edge lists
``figures``            matplotlib figures, Thai font set up once (``use_thai_font``)
``command``            ``province40 network``
=====================  ========================================================================
"""
