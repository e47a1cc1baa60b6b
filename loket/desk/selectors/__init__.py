"""Reads the desk's pages share: ``pipeline``, ``stalled`` (the stalled-case flags),
``timeline`` (the file's history and access log), ``proposals`` and ``journey`` (what My journey
shows of the desk's work). Access to one object is in ``loket/desk/access.py``."""
