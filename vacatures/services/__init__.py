"""The vacancies' workflows: ``vacancies`` (create, edit, status, closing the expired ones and
its task), ``interest`` and ``invitations`` (HR officers invite colleagues)."""
