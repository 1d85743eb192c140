"""Pure-Python decision core of the receivables addon.

Nothing here imports Odoo: functions take plain values (numbers, dates,
strings, dataclasses) and return plain values, so they are tested fast with
pytest and reused by models, wizards, scheduled actions and scripts alike.
"""
