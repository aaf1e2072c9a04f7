"""The domain of budgetforms: models, layouts, rules, export and import — no Qt."""

__version__ = "0.1.0"
