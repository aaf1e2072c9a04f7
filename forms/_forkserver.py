"""Imported by the batch's fork server (``set_forkserver_preload``, see :func:`forms.batch._preload`):
it loads, once, what every check needs (the policy library, the rule packs, the patterns compiled on
first use), so that each worker forked from the server checks its first file as fast as the rest."""

from .batch import warm_up

warm_up(deep=True)
