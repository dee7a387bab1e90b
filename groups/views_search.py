"""The company search of the signup page: a few member companies by name, never the whole list.

Anonymous visitors use it (static/js/company-search.js suggests names as they type), so it answers
at most ``COMPANY_SEARCH_LIMIT`` active companies for at least three letters, and anonymous callers
are rate-limited per address. ``?email=`` gives the company suggested from the address's domain.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import conf
from .forms import COMPANY_SEARCH_MIN_LENGTH
from .selectors import companies_matching, company_suggested_for

COMPANY_SEARCH_LIMIT = 10


class CompanySearchQuery(serializers.Serializer):
    """The query string, checked as any input is (no NUL characters, bounded lengths)."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)


class CompanySearchThrottle(AnonRateThrottle):
    """Anonymous callers only (``AnonRateThrottle`` lets signed-in ones through), per client address
    (``X-Forwarded-For`` is trusted only behind ``DJANGO_TRUSTED_PROXIES``, like every limit)."""

    scope = "company_search"

    def get_rate(self):
        return conf.company_search_rate()


@extend_schema(exclude=True)  # a helper of the signup page, not part of the API
class CompanySearchView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [CompanySearchThrottle]

    def get(self, request):
        query = CompanySearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        email = query.validated_data.get("email", "")
        if email:
            company = company_suggested_for(email) if "@" in email else None
            if company is None:
                return Response({"suggested": None})
            label = _("Je travaille chez %(company)s") % {"company": company.name}
            return Response({"suggested": {**_company(company), "label": label}})
        text = query.validated_data.get("q", "")
        if len(text) < COMPANY_SEARCH_MIN_LENGTH:
            raise exceptions.ValidationError({"q": [_("Saisissez au moins trois caractères.")]})
        companies = list(companies_matching(text)[:COMPANY_SEARCH_LIMIT])
        count = len(companies)
        if count >= COMPANY_SEARCH_LIMIT:
            message = _("Les %(count)d premières entreprises : précisez la raison sociale.") % {"count": count}
        elif companies:
            message = ngettext("%(count)d entreprise correspond.", "%(count)d entreprises correspondent.", count) % {
                "count": count
            }
        else:
            message = _("Aucune entreprise adhérente ne correspond.")
        return Response({"results": [_company(company) for company in companies], "message": message})


def _company(company) -> dict:
    return {"name": company.name}
