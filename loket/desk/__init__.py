"""The desk (top layer): its own records of the work with candidates, proposals to schools,
matching, the pipeline, the candidate file, HR's proposal pages and the study advisers' pages.

The only part of the portal that imports both ``kandidaten`` and ``vacatures``; what those two
set off here arrives through their hooks (``loket/desk/hooks.py``). See README, "Architecture".
"""
