"""The entry points: the command line, the queue's tasks, the archive syncer and the process runner.

This is the only package that imports the stages (collect, transcribe, analyse,
publish) and wires them together; the core in ``stories/`` imports none of them.
"""
