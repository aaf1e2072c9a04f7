"""The domain of budgetforms: models, layouts, rules, export and import — no Qt.

The domain logs through ``logging.getLogger(__name__)`` and installs no handler of its own (only
the library's customary :class:`logging.NullHandler`, so that a warning of a batch worker or of
``python -m forms`` is not printed on stderr by logging's last resort). Where the records go is the
app's choice: :func:`desktop.logs.setup_logging`, called by the GUI and the ``budgetforms`` command.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
