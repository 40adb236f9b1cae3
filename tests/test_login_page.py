"""The login page's form, written out by hand for speed (issue 13: it is the page measured under
load), renders what crispy-forms' as_crispy_field renders for the same form: labels, Bootstrap
classes, the typed user name kept, the password never printed back, errors under their field."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

CRISPY = Template(
    "{% load crispy_forms_filters %}"
    "{{ form.username|as_crispy_field }}{{ form.password|as_crispy_field }}"
)


def form_fields(page: str) -> str:
    """The two fields of the page's form: from the user name's block to the hidden `next`."""
    match = re.search(r'(<div id="div_id_username".*?)<input type="hidden" name="next"', page, re.S)
    assert match, page
    return match.group(1)


def crispy_fields(form) -> str:
    return CRISPY.render(Context({"form": form}))


@pytest.mark.parametrize(
    ("method", "data"),
    [
        ("get", None),
        ("post", {"username": "", "password": ""}),
        ("post", {"username": "staff", "password": "wrong"}),
        ("post", {"username": "x" * 151, "password": "pw"}),
    ],
    ids=["empty form", "both missing", "wrong password", "name too long"],
)
@pytest.mark.django_db
def test_login_form_renders_as_crispy_does(client, users, method, data):
    response = getattr(client, method)(reverse("login"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert parse_html(form_fields(page)) == parse_html(crispy_fields(response.context["form"]))


@pytest.mark.django_db
def test_login_page_keeps_the_name_and_never_the_password(client, users):
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong-secret"})
    page = response.content.decode()
    assert 'value="staff"' in page
    assert "wrong-secret" not in page
    assert "用户名或密码不正确" in page


@pytest.mark.django_db
def test_missing_fields_are_marked_with_their_error(client, users):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    fields = parse_html(form_fields(page))
    assert str(fields).count('aria-invalid="true"') == 2
    assert page.count("这个字段是必填项。") == 2
