"""The core (bottom layer): accounts and roles, regions, boards, schools, subjects, training
institutes, postcodes and distances, the people of a region or school, and the outbox with its
delivery and reminder framework. It imports no other part of the portal."""
