"""The region's insight: shortages, the funnel, successes, proposals and follow-up health.

Every figure is an aggregate computed in PostgreSQL (``queries``); ``panels`` turns them into
tables (``tables``) with a server-rendered SVG chart each (``charts``); ``views`` serves the
desk's dashboard and the views that leave the desk (a school board's, the national one and the
public pages), where every number from 1 to 4 reads "<5". May import the desk, the candidates,
the vacancies and the core.
"""
