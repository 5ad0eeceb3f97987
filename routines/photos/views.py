"""Progress photo pages and the one way a photo's bytes leave the server: to its owner.

Every view looks the photo up through the signed-in user, so another user, a staff
editor or an anonymous visitor gets 404 (or the log-in page), never the picture.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from routines.context import local_today
from routines.models import ProgressPhoto
from routines.photos import imaging, selectors, services
from routines.photos.forms import PhotoSetForm


def _own_photo(request, pk: int) -> ProgressPhoto:
    return get_object_or_404(ProgressPhoto, pk=pk, user=request.user)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def photo_gallery(request):
    sections = selectors.gallery(request.user)
    return render(
        request,
        "routines/photos/gallery.html",
        {
            "sections": sections,
            "has_photos": any(section.cards for section in sections),
            "usage": selectors.usage(request.user),
            "limits": selectors.current_limits(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def photo_add(request):
    angle = request.GET.get("angle")
    angles = [angle] if angle in ProgressPhoto.Angle.values else None
    form = PhotoSetForm(
        request.POST or None, request.FILES or None, today=local_today(request), angles=angles
    )
    if request.method == "POST" and form.is_valid():
        try:
            photos = services.add_photos(
                request.user,
                taken_on=form.cleaned_data["taken_on"],
                note=form.cleaned_data["note"],
                images=form.images(),
            )
        except services.QuotaExceeded as full:
            form.add_error(None, str(full))
        else:
            count = len(photos)
            messages.success(
                request,
                f"{count} photo{'s' if count != 1 else ''} saved for "
                f"{form.cleaned_data['taken_on']:%-d %B %Y}.",
            )
            return redirect("routines:photos")
    return render(
        request,
        "routines/photos/add.html",
        {
            "form": form,
            "single_angle": ProgressPhoto.Angle(angles[0]).label if angles else None,
            "usage": selectors.usage(request.user),
            "limits": selectors.current_limits(),
        },
    )


@login_required
@require_GET
def photo_detail(request, pk: int):
    photo = _own_photo(request, pk)
    card = selectors.card_for(photo, selectors.timeline_products(request.user))
    return render(request, "routines/photos/detail.html", {"card": card, "photo": photo})


@login_required
@require_GET
def photo_file(request, pk: int, size: str):
    """The processed picture, to its owner only, never stored by any cache."""
    if size not in ("image", "thumb"):
        raise Http404
    photo = _own_photo(request, pk)
    try:
        handle = selectors.open_file(photo, size)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=imaging.OUTPUT_CONTENT_TYPE)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@login_required
@require_GET
def photo_compare(request):
    angle = request.GET.get("angle", ProgressPhoto.Angle.FRONT)
    if angle not in ProgressPhoto.Angle.values:
        angle = ProgressPhoto.Angle.FRONT
    pair = selectors.compare_pair(
        request.user,
        angle,
        _int_or_none(request.GET.get("before")),
        _int_or_none(request.GET.get("after")),
    )
    return render(
        request,
        "routines/photos/compare.html",
        {"pair": pair, "angles": ProgressPhoto.Angle.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def photo_delete(request, pk: int):
    photo = _own_photo(request, pk)
    if request.method == "POST":
        services.delete_photo(photo)
        messages.success(request, "The photo is deleted, with both of its stored copies.")
        return redirect("routines:photos")
    card = selectors.card_for(photo, [])
    return render(request, "routines/photos/confirm_delete.html", {"card": card, "photo": photo})
