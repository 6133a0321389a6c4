"""The HTTP layer: create_app(), dependencies, error mapping and one router module per area."""
