import pytest
from wagtail.models import Page

@pytest.mark.parametrize("q", ["办学理念", "学校简介", "锡林郭勒盟", "3A级培训学校", "校企合作", "培训"])
def test_x(school_site, client, q):
    from django.db import connection
    print(connection.vendor, q, [p.title for p in Page.objects.live().search(q)])
    r = client.get("/search/", {"q": q})
    print(r.status_code)
