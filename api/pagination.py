from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=N&page_size=M: 20 by default, at most 100 (a larger page_size is cut to 100).
    A page past the end answers 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
