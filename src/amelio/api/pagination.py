"""Small pages by default, bounded by a maximum: a list call never returns thousands of rows."""

from rest_framework.pagination import PageNumberPagination

from amelio.core.pagination import DeferredJoinPaginator


class AmelioPagination(PageNumberPagination):
    django_paginator_class = DeferredJoinPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
