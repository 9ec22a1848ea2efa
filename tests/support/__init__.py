"""What several test modules share: builders, browser steps, the URLconf walk, servers in
processes of their own, the questionnaire walked by a client.

Test modules import from here (and from `tests.factories`), never from one another, so
that running or changing one test module never depends on another's internals.
"""
