"""A small app of the tests' own, to test the workflow kernel and the access layer's reach apart from any step."""
