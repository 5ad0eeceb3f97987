"""config.quickforms draws the same HTML as Django's template-rendered widgets and
templates/partials/field.html, for every form that uses it."""

import copy
import datetime as dt

import pytest
from django import forms
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList

from catalog.forms import FitForm, ProductFilterForm
from config import quickforms
from routines.tracking.forms import SkinLogForm

TODAY = dt.date(2026, 3, 10)


def stock(form_class):
    """`form_class` with Django's own bound field, error list and widgets."""

    class Stock(form_class):
        bound_field_class = BoundField

        def __init__(self, *args, **kwargs):
            super().__init__(*args, error_class=ErrorList, **kwargs)
            for field in self.fields.values():
                widget = copy.deepcopy(field.widget)
                if type(widget).__module__ == quickforms.__name__:
                    widget.__class__ = type(widget).__mro__[1]  # the stock widget it draws
                field.widget = widget

    return Stock


def drawn(form) -> list[str]:
    html = [str(form[name].as_field_group()) for name in form.fields]
    html += [str(form[name]) + str(form[name].errors) for name in form.fields]
    html.append(str(form.non_field_errors()))
    return html


def assert_same(form_class, *args, **kwargs):
    quick = form_class(*args, **kwargs)
    twin = stock(form_class)(*args, **kwargs)
    assert any(type(f.widget).__module__ == quickforms.__name__ for f in quick.fields.values())
    assert not any(type(f.widget).__module__ == quickforms.__name__ for f in twin.fields.values())
    assert drawn(quick) == drawn(twin)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"goal": "post_procedure", "budget": "300", "fridge_ok": "no"},
        {"goal": "nonsense", "budget": "7", "fridge_ok": "<b>"},
        {},
    ],
)
def test_find_my_fit_questions(data):
    assert_same(FitForm, data) if data is not None else assert_same(FitForm)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"day": "2026-03-09", "redness": "2", "dryness": "0", "note": "tight <b>after</b>"},
        {"day": "2026-04-01", "redness": "9", "revision": "-1", "note": "x" * 2000},
    ],
)
def test_skin_log(data):
    kwargs = {"today": TODAY, "earliest": TODAY - dt.timedelta(days=30)}
    if data is None:
        assert_same(SkinLogForm, initial={"day": TODAY}, **kwargs)
    else:
        assert_same(SkinLogForm, data, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"source": "plant", "vegan": "on", "min_price": "10", "max_price": "300", "sort": "score"},
        {"min_price": "abc", "max_price": "-1", "concern": "nope", "origin": "<x>"},
    ],
)
def test_catalog_filters(data):
    assert_same(ProductFilterForm, data)


def test_an_empty_error_list_is_empty_without_a_template(monkeypatch):
    assert isinstance(FitForm()["goal"].errors, quickforms.QuickErrorList)
    monkeypatch.setattr(ErrorList, "template_name", "no/such/template.html")
    assert str(quickforms.QuickErrorList()) == ""
    monkeypatch.undo()
    assert "errorlist" in str(quickforms.QuickErrorList(["Wrong"]))


def test_radio_option_groups_use_the_stock_templates():
    widget = quickforms.RadioSelect(choices=[("Group", [("a", "A")])])
    assert widget.render("g", "a") == forms.RadioSelect(choices=[("Group", [("a", "A")])]).render(
        "g", "a"
    )
