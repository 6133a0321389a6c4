"""Sub-commands of the ``province40`` command line beyond build, serve, query and validate."""
