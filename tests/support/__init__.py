"""Helpers the tests import: factories, the clock's constants, talking to the app, the worked
examples of the docs. Test modules and conftests import from here, never from each other
(tests/platform/test_test_tree.py checks it); docs/testing.md lists what each module holds."""
