"""Tooling run by the scripts and the tests (data generators, demo seeding).

The server never imports this package: ``scripts/generate``, ``scripts/run-demo``
and the tests import its modules by their full name.
"""
