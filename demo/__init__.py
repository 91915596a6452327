"""The local demo's data and stories: accounts, cases, the ladder, meetings, incidents, training,
the knowledge base and a replayed year of use (`manage.py seed_demo [--history]`).

Tooling, above the domain: it works through the domain apps' services; no domain app imports it.
"""
