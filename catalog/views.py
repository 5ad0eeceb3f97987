from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.models import Product


@require_GET
def product_list(request):
    products = list(Product.objects.published().select_related("brand"))
    return render(request, "catalog/product_list.html", {"products": products})


@require_GET
def product_detail(request, slug):
    product = get_object_or_404(Product.objects.published().select_related("brand"), slug=slug)
    return render(request, "catalog/product_detail.html", {"product": product})
