"""下载我的报名数据 /applications/my-data/: with the application number and an SMS code sent to
the mobile given at registration, an applicant downloads their data and files as a ZIP; nobody
else does."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from forms_app.models import ApplicationFile
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, request_code, valid_id_number

URL = "/applications/my-data/"


@pytest.fixture
def application(occupation, exam_period, private_media):
    application = factories.ApplicationFactory(
        occupation=occupation,
        exam_period=exam_period,
        id_number=valid_id_number(0),
        answers={"employer": "某某网店"},
    )
    ApplicationFile.objects.create(
        application=application,
        field_name="photo",
        kind="photo",
        file=ContentFile(b"\xff\xd8\xff photo", name="photo.jpg"),
        original_name="我的照片.jpg",
        content_type="image/jpeg",
        size=9,
    )
    return application


def test_the_page_explains_itself_in_chinese(client, loaded_site):
    html = client.get(URL).content.decode()
    assert "下载我的报名数据" in html and "获取验证码" in html and 'name="code"' in html


def test_an_applicant_downloads_their_data_and_files(client, application):
    code = request_code(client, mobile=MOBILE, purpose="status")

    response = client.post(URL, {"number": application.number, "mobile": MOBILE, "code": code})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["报名号"] == application.number
    assert data["居民身份证号码"] == valid_id_number(0)
    assert data["手机号码"] == MOBILE
    assert data["其他填写内容"] == {"employer": "某某网店"}
    [photo] = data["上传的材料"]
    assert archive.read(photo["文件"]) == b"\xff\xd8\xff photo"


def test_a_code_is_used_once(client, application):
    code = request_code(client, mobile=MOBILE, purpose="status")
    data = {"number": application.number, "mobile": MOBILE, "code": code}
    assert client.post(URL, data).status_code == 200
    again = client.post(URL, data)
    assert again.status_code == 400 and "验证码已使用" in again.content.decode()


def test_without_the_right_code_nothing_is_given(client, application):
    request_code(client, mobile=MOBILE, purpose="status")
    response = client.post(URL, {"number": application.number, "mobile": MOBILE, "code": "000000"})
    assert response.status_code == 400
    assert valid_id_number(0) not in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_someone_elses_application_number_is_not_given_to_another_mobile(client, application):
    stranger = "13900139000"
    code = request_code(client, mobile=stranger, purpose="status")

    response = client.post(URL, {"number": application.number, "mobile": stranger, "code": code})

    assert response.status_code == 404
    assert "没有找到与该手机号码匹配的报名号" in response.content.decode()
    assert valid_id_number(0) not in response.content.decode()


def test_the_status_page_links_to_the_download(client, loaded_site):
    assert f'href="{URL}"' in client.get("/applications/status/").content.decode()
