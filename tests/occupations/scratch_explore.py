import re
from occupations import selectors
from occupations.models import *
from django.db import connection
from django.test.utils import CaptureQueriesContext

def test_explore(loaded_site, client):
    idx = OccupationIndexPage.objects.get()
    print(idx.url, idx.show_in_menus, idx.title, idx.live)
    for p in OccupationPage.objects.live():
        with CaptureQueriesContext(connection) as c:
            r = client.get(p.url)
        print(p.url, r.status_code, len(c.captured_queries), len(r.content))
    r = client.get(idx.url)
    print(r.content.decode()[-3000:])
    r = client.get("/")
    print(re.findall(r'<nav.*?</nav>', r.content.decode(), re.S))
