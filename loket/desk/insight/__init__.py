"""The region's insight: shortages, the funnel, successes, proposals and follow-up health.

Every figure is an aggregate computed in PostgreSQL (``queries``; the funnel's from the summary
that ``summary`` refreshes periodically, counted by ``funnel``); ``panels`` turns them into
tables (``tables``) with a server-rendered SVG chart each (``charts``); ``outside`` holds the
figures and panels of the views that leave the desk (a school board's, the national one and the
public pages), where every number from 1 to 4 reads "<5"; ``views`` serves them all. May import
the desk, the candidates, the vacancies and the core.
"""
