"""schema.org JobPosting for a vacancy page, so job search engines can index it."""

import datetime
import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from vacatures.formatting import render_description
from vacatures.models import ContractType, Vacancy

# Inside <script>, "</script>" or "<!--" in a title would end or confuse the element; escaping
# <, > and & as JSON unicode escapes keeps the JSON identical and the HTML inert.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
FULL_TIME_HOURS = 36


def employment_types(vacancy: Vacancy) -> list[str]:
    kinds = ["FULL_TIME" if vacancy.hours_per_week >= FULL_TIME_HOURS else "PART_TIME"]
    if vacancy.contract_type in (ContractType.TEMPORARY, ContractType.REPLACEMENT):
        kinds.append("TEMPORARY")
    return kinds


def job_posting(vacancy: Vacancy, *, page_url: str) -> dict:
    school = vacancy.school
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": str(render_description(vacancy.description)),
        "datePosted": (vacancy.published_at or vacancy.created_at).date().isoformat(),
        "validThrough": timezone.make_aware(
            datetime.datetime.combine(vacancy.closing_date, datetime.time(23, 59, 59))
        ).isoformat(),
        "employmentType": employment_types(vacancy),
        "url": page_url,
        "hiringOrganization": {
            "@type": "EducationalOrganization",
            "name": school.name,
            **({"sameAs": school.website} if school.website else {}),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": school.street_address,
                "postalCode": school.postcode,
                "addressLocality": school.municipality,
                "addressCountry": "NL",
            },
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": school.latitude,
                "longitude": school.longitude,
            },
        },
        "workHours": f"{vacancy.hours_per_week} uur per week",
        "identifier": {"@type": "PropertyValue", "name": school.name, "value": str(vacancy.pk)},
    }
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.salary_min or vacancy.salary_max:
        value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.salary_min:
            value["minValue"] = vacancy.salary_min
        if vacancy.salary_max:
            value["maxValue"] = vacancy.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return data


def ld_json_script(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
