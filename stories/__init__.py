"""Stories: the spine of the community-reporting pipeline.

The core (model, store, settings, queue) is imported by every stage and
imports none of them. The entry points (cli, tasks, serve) wire the stages.
"""
