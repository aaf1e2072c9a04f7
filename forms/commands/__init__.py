"""The verbs of the ``budgetforms`` command, one module each."""
