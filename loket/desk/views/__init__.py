"""The desk's pages, one module per part: the pipeline, the candidate file, appointments,
matching, proposals (the desk's and HR's), referrals, the study advisers' pages, and what the
desk adds to the candidate's My journey. Every object view goes through ``loket.desk.access``."""
