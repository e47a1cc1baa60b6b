from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from loket.core.models import Region
from vacatures.formatting import render_description
from vacatures.selectors import published_vacancies

FEED_SIZE = 50


class RegionVacancyFeed(Feed):
    """The newest published vacancies of one region as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request, region_slug: str):
        return get_object_or_404(Region, slug=region_slug)

    def title(self, region: Region) -> str:
        return _("Vacancies in %(region)s") % {"region": region.name}

    def subtitle(self, region: Region) -> str:
        return _("Teaching posts published through the regional desk.")

    def link(self, region: Region) -> str:
        return reverse("vacatures:board") + f"?region={region.slug}"

    def items(self, region: Region):
        return (
            published_vacancies()
            .filter(school__region=region)
            .select_related("school")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, vacancy) -> str:
        return f"{vacancy.title} – {vacancy.school.name} ({vacancy.school.municipality})"

    def item_description(self, vacancy) -> str:
        return render_description(vacancy.description)

    def item_link(self, vacancy) -> str:
        return reverse("vacatures:detail", args=[vacancy.pk])

    def item_pubdate(self, vacancy):
        return vacancy.published_at

    def item_updateddate(self, vacancy):
        return vacancy.updated_at
